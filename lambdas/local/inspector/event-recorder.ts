/** Where a webhook went after it arrived; one step each time something happened to it. */
export type StepKind = 'refused' | 'queued' | 'received' | 'processed' | 'skipped' | 'failed' | 'parked' | 'redriven';

export interface EventStep {
  /** Epoch ms. */
  readonly at: number;
  readonly kind: StepKind;
  /** The reason, error, status or receive count, in words. */
  readonly detail: string;
}

/** One log line of the functions (already redacted by the JSON logger). */
export interface RecordedLogLine {
  readonly timestamp: string;
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What ingest decided about the signature (read from its answer, not checked again). */
export type SignatureVerdict = 'valid' | 'invalid' | 'missing' | 'not checked';

/** One webhook the local app received, and everything that happened to it since. */
export interface RecordedEvent {
  readonly id: string;
  readonly receivedAt: number;
  /** `issue.created`, or the X-Plane-Event header when the body could not be read. */
  readonly name: string;
  readonly deliveryId?: string;
  readonly dedupKey?: string;
  readonly workspaceId?: string;
  /** The request headers as received (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body bytes exactly as received. */
  readonly body: Buffer;
  signature: SignatureVerdict;
  /** The HTTP status ingest answered. */
  status?: number;
  /** The event this one replays (the inspector's Replay button). */
  replayOf?: string;
  readonly steps: EventStep[];
  readonly logs: RecordedLogLine[];
}

export interface EventRecorderOptions {
  /** Events kept (oldest dropped first). @default 200 */
  readonly maxEvents?: number;
  /** Body bytes kept in all (oldest events dropped first). @default 64 MiB */
  readonly maxBodyBytes?: number;
  /** Log lines kept per event. @default 200 */
  readonly maxLogLines?: number;
  readonly clock?: () => number;
}

/**
 * The event inspector's store: the webhooks local mode received, newest last, with their path
 * (steps) and log lines. The taps (ingest, queue poller, log writer) write to it; the inspector
 * reads it. Local mode only: the deployed stack has CloudWatch for this.
 */
export function createEventRecorder(options: EventRecorderOptions = {}) {
  const maxEvents = options.maxEvents ?? 200;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const maxLogLines = options.maxLogLines ?? 200;
  const clock = options.clock ?? Date.now;
  const events: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  let nextId = 1;
  let bodyBytes = 0;

  const changed = () => {
    for (const listener of listeners) listener();
  };
  const latest = (test: (event: RecordedEvent) => boolean): RecordedEvent | undefined => {
    for (let i = events.length - 1; i >= 0; i -= 1) if (test(events[i])) return events[i];
    return undefined;
  };

  return {
    clock,
    /** Records a webhook as it arrives; the taps fill in the rest. */
    add(input: Omit<RecordedEvent, 'id' | 'steps' | 'logs' | 'signature'>): RecordedEvent {
      const event: RecordedEvent = { ...input, id: String(nextId), signature: 'not checked', steps: [], logs: [] };
      nextId += 1;
      events.push(event);
      bodyBytes += event.body.length;
      while (events.length > maxEvents || (bodyBytes > maxBodyBytes && events.length > 1)) {
        bodyBytes -= events.shift()?.body.length ?? 0;
      }
      changed();
      return event;
    },
    step(event: RecordedEvent, kind: StepKind, detail = ''): void {
      event.steps.push({ at: clock(), kind, detail });
      changed();
    },
    log(event: RecordedEvent, line: RecordedLogLine): void {
      if (event.logs.length >= maxLogLines) return;
      event.logs.push(line);
      changed();
    },
    /** Something about `event` changed outside `step` and `log` (its status, its signature verdict). */
    touch: changed,
    /** Newest first. */
    list: (): readonly RecordedEvent[] => [...events].reverse(),
    get: (id: string) => events.find((event) => event.id === id),
    /**
     * The event a queue message or a log line is about: the latest with its X-Plane-Delivery, else
     * the latest with its dedup key that ingest accepted or is still handling. Ingest's and the
     * processor's INFO lines carry the dedup key only (the delivery id is a DEBUG detail), and
     * ingest writes its line before it answers.
     */
    match(keys: { deliveryId?: string; dedupKey?: string }): RecordedEvent | undefined {
      const { deliveryId, dedupKey } = keys;
      const byDelivery = deliveryId ? latest((event) => event.deliveryId === deliveryId) : undefined;
      if (byDelivery) return byDelivery;
      const accepted = (event: RecordedEvent) => event.status === 200 || event.status === undefined;
      return dedupKey ? latest((event) => event.dedupKey === dedupKey && accepted(event)) : undefined;
    },
    /** Calls `listener` after each change; returns the function that stops it. */
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type EventRecorder = ReturnType<typeof createEventRecorder>;

/** The step that says where an event is now: the last one. */
export function currentStep(event: RecordedEvent): EventStep | undefined {
  return event.steps.at(-1);
}
