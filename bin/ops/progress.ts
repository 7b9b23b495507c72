import { SingleBar } from 'cli-progress';

/** Where progress goes: stderr by default; a terminal gets a bar, anything else (CI, a file) plain lines. */
export interface ProgressStream {
  write(text: string, callback?: (error?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** A long command's progress: a bar with an ETA on a terminal, a plain line now and then elsewhere. */
export interface Progress {
  /** Sets how much is done (absolute), with an optional short status shown beside it. */
  update(done: number, status?: string): void;
  /** Changes the total when it becomes known or grows. */
  setTotal(total: number): void;
  /** Ends the bar and prints one closing line. */
  stop(summary?: string): void;
}

export interface ProgressOptions {
  /** What is being done, e.g. "redrive" or "soak: sending". */
  readonly label: string;
  readonly total: number;
  /** What is counted, e.g. "webhooks". Default: none. */
  readonly unit?: string;
  /** Default: process.stderr, so stdout keeps only a command's result. */
  readonly stream?: ProgressStream;
  readonly clock?: () => number;
  /** Without a terminal, at most one line this often (and one when everything is done). Default 10 s. */
  readonly plainEveryMs?: number;
}

/** "42 s", "3 min 5 s": an ETA or elapsed time for people. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

/** Linear ETA from the pace so far; undefined until something is done. */
function eta(done: number, total: number, elapsedMs: number): number | undefined {
  return done > 0 && total > done ? (elapsedMs / done) * (total - done) : undefined;
}

/** Plain lines for logs and CI: `redrive: 120/400 messages (30%), 12 s elapsed, ETA 28 s`. */
function plainProgress(options: ProgressOptions, stream: ProgressStream): Progress {
  const clock = options.clock ?? Date.now;
  const everyMs = options.plainEveryMs ?? 10_000;
  const startedAt = clock();
  let total = options.total;
  let done = 0;
  let lastLineAt = startedAt;
  const unit = options.unit ? ` ${options.unit}` : '';
  const line = (text: string) => stream.write(`${options.label}: ${text}\n`);
  const share = () => (total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '');
  return {
    update(value, status) {
      done = value;
      const now = clock();
      if (now - lastLineAt < everyMs && done < total) return;
      lastLineAt = now;
      const left = eta(done, total, now - startedAt);
      line(
        `${done}/${total}${unit}${share()}, ${formatDuration(now - startedAt)} elapsed` +
          `${left === undefined ? '' : `, ETA ${formatDuration(left)}`}${status ? ` · ${status}` : ''}`,
      );
    },
    setTotal(value) {
      total = value;
    },
    stop(summary) {
      line(`done, ${done}/${total}${unit} in ${formatDuration(clock() - startedAt)}${summary ? ` · ${summary}` : ''}`);
    },
  };
}

/** A cli-progress bar redrawn in place, with its own ETA. */
function barProgress(options: ProgressOptions, stream: ProgressStream): Progress {
  const unit = options.unit ? ` ${options.unit}` : '';
  const bar = new SingleBar({
    format: `${options.label} {bar} {percentage}% | {value}/{total}${unit} | ETA {eta_formatted} | {status}`,
    stream: stream as NodeJS.WritableStream,
    hideCursor: true,
    gracefulExit: true,
    // The closing line replaces the bar, so a log keeps one line per command.
    clearOnComplete: true,
    barsize: 30,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
  });
  bar.start(options.total, 0, { status: '' });
  let done = 0;
  return {
    update(value, status) {
      done = value;
      bar.update(value, { status: status ?? '' });
    },
    setTotal(value) {
      bar.setTotal(value);
    },
    stop(summary) {
      bar.stop();
      stream.write(`${options.label}: done, ${done}${unit}${summary ? ` · ${summary}` : ''}\n`);
    },
  };
}

/** A progress display for `soak`, `bench`, `fuzz` and `redrive`: a bar on a terminal, plain lines elsewhere. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY === true ? barProgress(options, stream) : plainProgress(options, stream);
}
