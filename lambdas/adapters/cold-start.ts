import { describeError } from '../core/errors';
import { createJsonLogger } from '../core/json-logger';
import { type Logger, SERVICE_NAME } from '../core/logger';

/**
 * Composes a function's parts once per cold start and keeps a failure (a missing setting) instead
 * of throwing it while the module loads: Lambda would retry the module in a loop and the reason
 * would be hard to find. The handler answers each event with the kept error.
 */
export function composeOrError<T extends object>(compose: () => T): T | Error {
  try {
    return compose();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Logs, on every event so it is seen, why the function cannot run, and returns the error for the
 * answer. Without a configuration there is no configured logger: a plain JSON one is used.
 */
export function notConfigured(error: Error, log: Logger = createJsonLogger({ service: SERVICE_NAME })): Error {
  log.error('the function is not configured', { error: describeError(error) });
  return error;
}
