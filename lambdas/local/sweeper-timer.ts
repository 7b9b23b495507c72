import type { Logger } from '../core/logger';
import type { SweepResult } from '../core/sweep';

/** The sweeper handler, as createSweeperHandler builds it. */
type SweeperHandler = () => Promise<SweepResult>;

/**
 * Stands in for the sweeper's EventBridge schedule: runs it every `seconds`, one run at a time (a
 * manual `run` while the timer's runs waits for it). A failed run is logged; the next one tries again.
 */
export function startSweeperTimer(
  handler: SweeperHandler,
  seconds: number,
  log: Logger,
): { run: () => Promise<SweepResult>; stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    const next = running.then(() => handler());
    running = next.catch(() => undefined);
    return next;
  };
  const timer =
    seconds > 0
      ? setInterval(
          () => run().catch((error: unknown) => log.error('sweep failed', { error: String(error) })),
          seconds * 1000,
        )
      : undefined;
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
