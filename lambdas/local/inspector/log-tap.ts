import { createJsonLogger } from '../../core/json-logger';
import type { Logger } from '../../core/logger';
import type { EventRecorder } from './event-recorder';

const LINE_KEYS = new Set(['level', 'message', 'timestamp', 'service']);

/** Files one JSON log line under the event it names (by `deliveryId`, else `dedupKey`); other lines are not kept. */
function fileLine(recorder: EventRecorder, json: string): void {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return;
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const event = recorder.match({ deliveryId: text(line.deliveryId), dedupKey: text(line.dedupKey) });
  if (!event) return;
  recorder.log(event, {
    timestamp: String(line.timestamp ?? ''),
    level: String(line.level ?? ''),
    message: String(line.message ?? ''),
    fields: Object.fromEntries(Object.entries(line).filter(([key]) => !LINE_KEYS.has(key))),
  });
}

function tee(inner: Logger, copy: Logger): Logger {
  return {
    debug: (message, fields) => {
      inner.debug(message, fields);
      copy.debug(message, fields);
    },
    info: (message, fields) => {
      inner.info(message, fields);
      copy.info(message, fields);
    },
    warn: (message, fields) => {
      inner.warn(message, fields);
      copy.warn(message, fields);
    },
    error: (message, fields) => {
      inner.error(message, fields);
      copy.error(message, fields);
    },
    child: (fields) => tee(inner.child(fields), copy.child(fields)),
  };
}

/**
 * A logger that writes to `inner` as before and also hands each line, as the functions' JSON
 * logger writes it (so redacted the same way), to the inspector. Lines carry `dedupKey` and
 * `deliveryId` where ingest and the processor log them, so each lands under its event.
 */
export function tapLog(inner: Logger, recorder: EventRecorder): Logger {
  return tee(inner, createJsonLogger({ level: 'debug', write: (json) => fileLine(recorder, json) }));
}
