/** What the functions wrote to stdout (their log and EMF lines) while a measured run went on. */
export interface CapturedOutput {
  bytes: number;
  lines: number;
  /** The last few lines, as evidence of what is logged. */
  recent: string[];
}

const RECENT_LINES = 4;

type Write = typeof process.stdout.write;

/**
 * Swallows everything written to process.stdout until the returned `stop` is called, counting
 * the UTF-8 bytes and lines: Lambda sends exactly this to CloudWatch Logs. The Powertools logger
 * writes through a Console bound to process.stdout, so its lines are seen too. Progress goes to
 * stderr meanwhile.
 */
export function captureStdout(): { output: CapturedOutput; stop: () => void } {
  const output: CapturedOutput = { bytes: 0, lines: 0, recent: [] };
  const original: Write = process.stdout.write;
  const replacement = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    output.bytes += Buffer.byteLength(text, 'utf8');
    const lines = text.split('\n');
    output.lines += lines.length - 1;
    output.recent = [...output.recent, ...lines.filter((line) => line.length > 0)].slice(-RECENT_LINES);
    const callback = rest.find((item): item is () => void => typeof item === 'function');
    callback?.();
    return true;
  };
  process.stdout.write = replacement as Write;
  return {
    output,
    stop: () => {
      process.stdout.write = original;
    },
  };
}
