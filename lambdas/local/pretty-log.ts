import { createJsonLogger } from '../core/json-logger';
import type { Logger, LogLevel } from '../core/logger';

const COLOURS: Record<string, string> = { DEBUG: '\x1b[90m', INFO: '\x1b[36m', WARN: '\x1b[33m', ERROR: '\x1b[31m' };
const QUIET = new Set(['level', 'message', 'timestamp', 'service']);

/** One JSON log line as a short human line: `12:00:01 INFO webhook queued event=issue.created`. */
function prettyLine(json: string, colour: boolean): string {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = String(line.level ?? 'INFO');
  const time = String(line.timestamp ?? '').slice(11, 19);
  const fields = Object.entries(line)
    .filter(([key]) => !QUIET.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const tag = colour ? `${COLOURS[level] ?? ''}${level.padEnd(5)}\x1b[0m` : level.padEnd(5);
  return `${time} ${tag} ${String(line.message ?? '')}${fields ? `  ${fields}` : ''}`;
}

/** The local-mode logger: the same redacting JSON logger as the functions, printed for people. */
export function createPrettyLogger(
  options: { level?: LogLevel; write?: (line: string) => void; colour?: boolean } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const colour = options.colour ?? process.stdout.isTTY === true;
  return createJsonLogger({ level: options.level ?? 'info', write: (json) => write(prettyLine(json, colour)) });
}
