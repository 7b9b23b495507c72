import type { Sleep } from '../../lambdas/core/retry-policy';
import { createMinHeap } from './heap';

/**
 * Virtual time for a discrete-event simulation: the code under test gets `now` as its clock and
 * `sleep` as its sleep, and `runUntil` jumps from one due timer to the next. After each step it
 * lets every promise chain run on (one macrotask turn drains all microtasks), so async code that
 * awaits only in-memory stores and virtual sleeps advances exactly as it would in real time.
 */
export interface VirtualTime {
  readonly now: () => number;
  readonly sleep: Sleep;
  /** Runs `action` at virtual time `time` (now, if that is past). */
  at(time: number, action: () => void): void;
  /** Advances through every timer due up to `end`, then sets the clock to `end`. */
  runUntil(end: number): Promise<void>;
  /** Timers fired so far (a measure of the simulation's work). */
  readonly steps: () => number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createVirtualTime(start: number): VirtualTime {
  let current = start;
  let fired = 0;
  const timers = createMinHeap<() => void>();
  const at = (time: number, action: () => void) => timers.push(Math.max(time, current), action);
  return {
    now: () => current,
    sleep: (ms) => new Promise<void>((resolve) => at(current + Math.max(0, ms), resolve)),
    at,
    async runUntil(end) {
      await turn();
      for (let next = timers.peekKey(); next !== undefined && next <= end; next = timers.peekKey()) {
        current = next;
        while (timers.peekKey() === next) {
          fired += 1;
          timers.pop()?.();
        }
        await turn();
      }
      current = Math.max(current, end);
    },
    steps: () => fired,
  };
}
