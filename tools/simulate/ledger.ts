import { percentile } from './stats';

/**
 * The simulation's own account of every event, independent of the code under test: when it was
 * sent, when a handler finished it, and what SQS did with each of its messages. An event is
 * **lost** when one of its messages was acknowledged (deleted) before any handler had finished
 * the event; **parked** messages are those SQS moved to the dead-letter queue.
 */
export function createLedger() {
  const enqueuedAt: number[] = [];
  const measured: boolean[] = [];
  const handledAt: number[] = [];
  const delays: number[] = [];
  const failures = new Map<string, string[]>();
  let handledTwice = 0;
  let lost = 0;

  return {
    /** A new event (not a Plane retry of one). */
    enqueued(eventId: number, at: number, inWindow: boolean): void {
      enqueuedAt[eventId] = at;
      measured[eventId] = inWindow;
    },
    /**
     * A handler finished the event at `at`, after `busyMs` of its own Plane calls. The event's
     * delay is the rest: time spent waiting in the queue, for a token, or for a retry.
     */
    handled(eventId: number, at: number, busyMs: number): void {
      if (handledAt[eventId] !== undefined) {
        handledTwice += 1;
        return;
      }
      handledAt[eventId] = at;
      if (measured[eventId]) delays.push(Math.max(0, at - enqueuedAt[eventId] - busyMs));
    },
    /** SQS deleted a message of the event: the processor acknowledged it. */
    acknowledged(eventId: number): void {
      if (handledAt[eventId] === undefined) lost += 1;
    },
    /** The processor reported a message failed, with the error's code. */
    failed(messageId: string, code: string): void {
      const list = failures.get(messageId) ?? [];
      list.push(code);
      failures.set(messageId, list);
    },
    failuresOf: (messageId: string): readonly string[] => failures.get(messageId) ?? [],
    summary() {
      let events = 0;
      let unfinished = 0;
      for (let id = 0; id < enqueuedAt.length; id += 1) {
        if (!measured[id]) continue;
        events += 1;
        if (handledAt[id] === undefined) unfinished += 1;
      }
      delays.sort((a, b) => a - b);
      return {
        events,
        unfinished,
        lost,
        handledTwice,
        delayP50Ms: percentile(delays, 0.5),
        delayP99Ms: percentile(delays, 0.99),
        delayMaxMs: delays.length > 0 ? delays[delays.length - 1] : 0,
      };
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
