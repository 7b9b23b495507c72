/** The kinds of fault the soak injects; each has its windows, its counts and its latency row. */
export type FaultKind = 'sqs-down' | 'killed' | 'plane-api' | 'token-5xx' | 'refusal';

/** One stretch of time a fault was on (wall-clock ms). */
export interface FaultSpan {
  readonly kind: FaultKind;
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** A fault the director starts once enough of the run is processed, then waits out. */
export interface FaultStep {
  readonly kind: FaultKind;
  readonly label: string;
  /** Share (0..1) of the webhooks sent at which the step may start. */
  readonly at: number;
  /** Injects the fault; resolves when it is over, with what it did (for the timeline). */
  run(): Promise<string>;
}

export interface FaultDirector {
  /** Every window so far, the director's and those recorded with `record`. */
  readonly windows: FaultSpan[];
  /** What happened when, in seconds since the director started. */
  readonly timeline: string[];
  note(what: string): void;
  /** Resolves once every step due at `share` of the webhooks sent has started: the sender waits on it. */
  gate(share: number): Promise<void>;
  /** Runs the steps not yet started at once, one after another; resolves when all are over. */
  finish(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the soak's fault steps one at a time, in order, each once `progress` (the share of webhooks
 * sent) reaches its mark and the step before is over: faults that share a part (the simulator's
 * fault switches, the token endpoint's 5-a-minute budget) never overlap. The sender waits at each
 * mark (`gate`) until its step has started, so every fault meets traffic, even in a short run; but
 * never while a step runs: a step may need traffic to end (a refusal is confirmed only by the bot
 * grants of later events), so a held sender could hold it forever.
 * `onNote` gets each timeline line as it happens (the soak prints them live).
 */
export function startFaultDirector(
  steps: readonly FaultStep[],
  progress: () => number,
  onNote: (line: string) => void = () => undefined,
): FaultDirector {
  const started = Date.now();
  const windows: FaultSpan[] = [];
  const timeline: string[] = [];
  let hurry = false;
  let startedSteps = 0;
  let running = false;
  const note = (what: string) => {
    const at = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
    const line = `${at} s: ${what} (${(progress() * 100).toFixed(0)}% sent)`;
    timeline.push(line);
    onNote(line);
  };
  const run: Promise<void> = (async () => {
    for (const step of steps) {
      while (!hurry && progress() < step.at) await sleep(100);
      startedSteps += 1;
      const fromMs = Date.now();
      note(`${step.label}: on`);
      running = true;
      const summary = await step.run().finally(() => {
        running = false;
      });
      windows.push({ kind: step.kind, label: step.label, fromMs, toMs: Date.now() });
      note(`${step.label}: off (${summary})`);
    }
  })();
  // A step that throws fails the run when `finish` is awaited, not as an unhandled rejection
  // before; the later steps never start, so the gate opens for the sender instead of holding it.
  run.catch((error: unknown) => {
    startedSteps = steps.length;
    note(`fault step failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    windows,
    timeline,
    note,
    async gate(share) {
      while (!running && startedSteps < steps.length && steps[startedSteps].at <= share) await sleep(100);
    },
    finish() {
      hurry = true;
      return run;
    },
  };
}
