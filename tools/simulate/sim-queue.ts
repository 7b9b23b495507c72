import type { QueuedEventAttributes } from '../../lambdas/core/queued-event';
import { createMinHeap } from './heap';

/** One message on the simulated event queue. */
export interface SimMessage {
  readonly id: string;
  /** The ledger's event this message carries (a Plane retry of one event is a second message). */
  readonly eventId: number;
  readonly body: string;
  readonly attributes: QueuedEventAttributes;
  visibleAt: number;
  receiveCount: number;
  /** The receipt handle of the latest receive. */
  handle?: string;
  state: 'queued' | 'deleted' | 'parked';
}

export interface SimQueueOptions {
  /** The queue's visibility timeout (core/event-timings.ts: 360 s). */
  readonly visibilityTimeoutMs: number;
  /** Receives before SQS moves a message to the dead-letter queue (lib/event-queues.ts: 5). */
  readonly maxReceiveCount: number;
}

/**
 * SQS as far as it matters here: a received message is hidden for the visibility timeout; a
 * message not deleted comes back when that runs out; ChangeMessageVisibility sets a new timeout
 * from now (receipt handle of the latest receive only); every receive counts, and a message
 * received `maxReceiveCount` times is moved to the dead-letter queue at its next receive.
 */
export function createSimQueue(options: SimQueueOptions) {
  const visible = createMinHeap<{ message: SimMessage; visibleAt: number }>();
  const parked: SimMessage[] = [];
  let inQueue = 0;
  let sent = 0;

  const schedule = (message: SimMessage) => visible.push(message.visibleAt, { message, visibleAt: message.visibleAt });
  /** Drops heap entries left behind by a delete or a visibility change. */
  const settleTop = () => {
    for (let top = visible.peek(); top; top = visible.peek()) {
      if (top.message.state === 'queued' && top.message.visibleAt === top.visibleAt) return;
      visible.pop();
    }
  };
  const current = (message: SimMessage, handle: string) => message.state === 'queued' && message.handle === handle;

  return {
    parked,
    get depth() {
      return inQueue;
    },
    send(eventId: number, body: string, attributes: QueuedEventAttributes, now: number): SimMessage {
      sent += 1;
      const message: SimMessage = {
        id: `m${sent}`,
        eventId,
        body,
        attributes,
        visibleAt: now,
        receiveCount: 0,
        state: 'queued',
      };
      inQueue += 1;
      schedule(message);
      return message;
    },
    /** When the next message becomes visible, if any is waiting. */
    nextVisibleAt(): number | undefined {
      settleTop();
      return visible.peekKey();
    },
    receive(max: number, now: number): SimMessage[] {
      const batch: SimMessage[] = [];
      for (settleTop(); batch.length < max && (visible.peekKey() ?? Infinity) <= now; settleTop()) {
        const entry = visible.pop();
        if (!entry) break;
        const { message } = entry;
        if (message.receiveCount >= options.maxReceiveCount) {
          message.state = 'parked';
          inQueue -= 1;
          parked.push(message);
          continue;
        }
        message.receiveCount += 1;
        message.handle = `${message.id}#${message.receiveCount}`;
        message.visibleAt = now + options.visibilityTimeoutMs;
        schedule(message);
        batch.push(message);
      }
      return batch;
    },
    delete(message: SimMessage, handle: string): boolean {
      if (!current(message, handle)) return false;
      message.state = 'deleted';
      inQueue -= 1;
      return true;
    },
    changeVisibility(message: SimMessage, handle: string, seconds: number, now: number): boolean {
      if (!current(message, handle) || message.visibleAt <= now) return false;
      message.visibleAt = now + seconds * 1000;
      schedule(message);
      return true;
    },
  };
}

export type SimQueue = ReturnType<typeof createSimQueue>;
