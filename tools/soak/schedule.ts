import type { PlaneSimulator } from '../../lambdas/local/plane-simulator';

export interface ScheduleOptions {
  readonly simulator: PlaneSimulator;
  /** Share (0..1) of the distinct events already processed. */
  readonly progress: () => number;
  /** Shares of `/api/v1` calls answered 429 and 500 during the stretch. */
  readonly rates: { readonly api429Rate: number; readonly api500Rate: number };
  /** The stretch of Plane API faults starts at this progress... */
  readonly apiFaultsAt: number;
  /** ...and lasts this long. */
  readonly apiFaultsMs: number;
  /** Every access token expires at this progress. */
  readonly expireTokensAt: number;
}

export interface FaultSchedule {
  /** What happened when, in ms since the schedule started. */
  readonly timeline: string[];
  /** The Plane-side fault windows, in wall-clock ms, for the timeline chart. */
  readonly windows: Array<{ label: string; fromMs: number; toMs: number }>;
  /** Adds a line to the timeline. */
  note(what: string): void;
  stop(): void;
}

/**
 * Injects the Plane-side faults by processing progress rather than by sending progress (the
 * queue runs behind the sender): a stretch of 429s and 500s from the REST API, and a token that
 * expires mid-run.
 */
export function startFaultSchedule(options: ScheduleOptions): FaultSchedule {
  const { simulator } = options;
  const started = Date.now();
  const timeline: string[] = [];
  const windows: FaultSchedule['windows'] = [];
  const faultsLabel = `Plane API ${options.rates.api429Rate * 100}% 429 + ${options.rates.api500Rate * 100}% 500`;
  const note = (what: string) =>
    timeline.push(
      `${((Date.now() - started) / 1000).toFixed(1)} s: ${what} (progress ${(options.progress() * 100).toFixed(0)}%)`,
    );
  let faultsFrom = 0;
  let faultsOver = false;
  let expired = false;
  const timer = setInterval(() => {
    const progress = options.progress();
    if (!faultsFrom && progress >= options.apiFaultsAt) {
      faultsFrom = Date.now();
      simulator.setFaults(options.rates);
      note(`Plane API faults on (${options.rates.api429Rate * 100}% 429, ${options.rates.api500Rate * 100}% 500)`);
    }
    if (faultsFrom && !faultsOver && Date.now() - faultsFrom >= options.apiFaultsMs) {
      faultsOver = true;
      simulator.setFaults({});
      windows.push({ label: faultsLabel, fromMs: faultsFrom, toMs: Date.now() });
      note('Plane API faults off');
    }
    if (!expired && progress >= options.expireTokensAt) {
      expired = true;
      simulator.expireAllTokens();
      windows.push({ label: 'all tokens expired', fromMs: Date.now(), toMs: Date.now() });
      note('all access tokens expired');
    }
  }, 100).unref();
  return {
    timeline,
    windows,
    note,
    stop() {
      clearInterval(timer);
      simulator.setFaults({});
      if (faultsFrom && !faultsOver) {
        windows.push({ label: faultsLabel, fromMs: faultsFrom, toMs: Date.now() });
        note('Plane API faults off (schedule stopped)');
      }
    },
  };
}
