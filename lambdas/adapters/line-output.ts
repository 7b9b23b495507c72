import { createJsonLogger } from '../core/json-logger';
import type { Logger, LogLevel } from '../core/logger';
import { LINE_METRICS } from '../core/metrics';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics';

export interface LineOutputOptions {
  readonly namespace: string;
  readonly stage: string;
  readonly level: LogLevel;
  /** Where lines go. Default: stdout. */
  readonly write?: (line: string) => void;
  readonly clock?: () => number;
}

/**
 * Ingest's output: one line per webhook. The invocation's first INFO line is held until `flush`,
 * which writes it with the line metrics counted meanwhile (LINE_METRICS: `"Stage"`, `"Reason"`,
 * `"WebhookAccepted": 1`) spliced into it; the stack's metric filters publish those as metrics.
 * Without an INFO line (a WARN log level), the metric fields go out on a line of their own. Other
 * metrics are EMF lines; other log lines are written at once. No timestamp: CloudWatch stamps
 * every log event.
 */
export function createLineOutput(options: LineOutputOptions): { log: Logger; metrics: EmfMetrics } {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let held: string | undefined;
  let fields: Record<string, string | number> = {};
  const log = createJsonLogger({
    level: options.level,
    timestamp: false,
    write: (line, level) => {
      if (level === 'info' && held === undefined) held = line;
      else write(line);
    },
  });
  const emf = createEmfMetrics({ namespace: options.namespace, stage: options.stage, write, clock: options.clock });
  const writeFields = () => {
    const extra = Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined;
    // Both are JSON objects: `{"a":1}` and `{"b":2}` make `{"a":1,"b":2}` (no field of ingest's lines is a metric's).
    if (held !== undefined && extra) write(`${held.slice(0, -1)},${extra.slice(1)}`);
    else if (held !== undefined || extra) write(held ?? extra ?? '');
    held = undefined;
    fields = {};
  };
  const metrics: EmfMetrics = {
    count(name, dimensions = {}, value = 1) {
      const allowed = LINE_METRICS[name];
      if (!allowed) return emf.count(name, dimensions, value);
      const own = Object.fromEntries(Object.entries(dimensions).filter(([key]) => allowed.includes(key)));
      // One line holds one value per field: a count with other dimensions goes on a line of its own.
      const differs = (key: string) => key in fields && fields[key] !== own[key];
      if ((name in fields && allowed.some((key) => fields[key] !== own[key])) || Object.keys(own).some(differs))
        writeFields();
      fields = { ...fields, Stage: options.stage, ...own, [name]: Number(fields[name] ?? 0) + value };
    },
    flush() {
      emf.flush();
      writeFields();
    },
  };
  return { log, metrics };
}
