/** One second of a soak run: what was accepted and processed in it, and how deep the queue was at its end. */
export interface SoakSample {
  /** Seconds since the recording started (end of the interval). */
  readonly second: number;
  readonly acceptedPerSecond: number;
  readonly processedPerSecond: number;
  readonly queueDepth: number;
}

/** A stretch of time with a fault on (or an instant, when `toSecond` equals `fromSecond`). */
export interface FaultWindow {
  readonly label: string;
  readonly fromSecond: number;
  readonly toSecond: number;
}

export interface SeriesOptions {
  /** Reads the running totals: events processed so far and the event queue's depth. */
  readonly sample: () => Promise<{ processed: number; queueDepth: number }>;
  readonly clock?: () => number;
  /** Default 1000 ms. */
  readonly everyMs?: number;
}

export interface SeriesRecorder {
  /** Counts one webhook answered 200. */
  accepted(): void;
  /** Records a fault window by wall-clock times (ms since the epoch, as Date.now gives). */
  window(label: string, fromMs: number, toMs: number): void;
  /** Stops sampling (after one last sample) and returns what was recorded. */
  stop(): Promise<{ samples: SoakSample[]; windows: FaultWindow[] }>;
}

/**
 * Records the soak's per-second series for its timeline chart: accepted/s from the sender,
 * processed/s and queue depth sampled from the app once a second. Rates are divided by the real
 * interval, so a slow sample (the machine is busy) does not inflate them.
 */
export function startSeries(options: SeriesOptions): SeriesRecorder {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const samples: SoakSample[] = [];
  const windows: FaultWindow[] = [];
  let accepted = 0;
  let last = { at: startedAt, accepted: 0, processed: 0 };
  let sampling: Promise<void> = Promise.resolve();
  const second = (ms: number) => Math.round((ms - startedAt) / 100) / 10;

  const take = async () => {
    const { processed, queueDepth } = await options.sample();
    const at = clock();
    const seconds = Math.max(0.001, (at - last.at) / 1000);
    samples.push({
      second: second(at),
      acceptedPerSecond: Math.round((accepted - last.accepted) / seconds),
      processedPerSecond: Math.round((processed - last.processed) / seconds),
      queueDepth,
    });
    last = { at, accepted, processed };
  };
  const timer = setInterval(() => {
    // One sample at a time: a slow one delays the next rather than overlapping it. A failed
    // sample (the queue stand-in busy) leaves a gap in the chart, never a crash.
    sampling = sampling.then(() => take().catch(() => undefined));
  }, options.everyMs ?? 1000);
  // A run that fails half-way must still be able to exit.
  timer.unref();

  return {
    accepted() {
      accepted += 1;
    },
    window(label, fromMs, toMs) {
      windows.push({ label, fromSecond: second(fromMs), toSecond: second(toMs) });
    },
    async stop() {
      clearInterval(timer);
      await sampling;
      await take();
      return { samples, windows };
    },
  };
}
