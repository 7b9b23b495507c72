import type { Logger, LogLevel } from './logger';
import { redact, redactText } from './redact';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  readonly service?: string;
  readonly fields?: Record<string, unknown>;
  /** Where lines go, with their level. Default: stdout. */
  readonly write?: (line: string, level: LogLevel) => void;
  readonly clock?: () => number;
  /**
   * Whether each line carries a `timestamp`. Default true. On Lambda, CloudWatch stamps every log
   * event itself, so ingest leaves it out (one field less on every webhook's line).
   */
  readonly timestamp?: boolean;
}

/**
 * A small JSON-lines logger with the same field names as Powertools' (level, message, timestamp,
 * service), redacting every line. Used where Powertools' size matters (the ingest bundle) and in
 * local mode.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? Date.now;
  const base = options.fields ?? {};
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    // Fields first, so a field named `message` or `level` cannot replace the line's own.
    const line = {
      ...(redact({ ...base, ...fields }) as Record<string, unknown>),
      level: level.toUpperCase(),
      message: redactText(message),
      ...(options.timestamp === false ? {} : { timestamp: new Date(clock()).toISOString() }),
      ...(options.service ? { service: options.service } : {}),
    };
    write(JSON.stringify(line), level);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createJsonLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
