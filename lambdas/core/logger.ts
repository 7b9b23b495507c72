/** The logging port. Adapters: Powertools on Lambda, JSON lines locally, a capture in tests. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line (correlation: dedup key, workspace, event). */
  child(fields: Record<string, unknown>): Logger;
}

/** The `service` field of every function's log lines (the stack sets it as POWERTOOLS_SERVICE_NAME). */
export const SERVICE_NAME = 'plane-app';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A logger that writes nothing: the default where a caller passes none. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
