import type { Rng } from '../soak/prng';

const DAY_MS = 86_400_000;

/** What the simulated workspaces send. */
export interface WorkloadShape {
  readonly installations: number;
  /** Mean events a workspace sends a day (that some handler wants: ingest drops the rest). */
  readonly eventsPerInstallationPerDay: number;
  /** Zipf exponent of activity across workspaces: the k-th busiest sends in proportion to 1/k^s. */
  readonly zipfExponent: number;
  /** Depth of the daily cycle: the rate is (1 - a·cos(2π·hour/24)) times the mean, lowest at midnight. */
  readonly dailyAmplitude: number;
}

/** One simulated webhook: which workspace sent it, and when. */
export interface Arrival {
  readonly at: number;
  readonly workspace: number;
}

/**
 * Arrivals of a Poisson process whose rate follows the daily cycle, thinned from the peak rate,
 * each from a workspace drawn by Zipf weight. `start` is a midnight; arrivals come in time order.
 */
export function createArrivals(shape: WorkloadShape, start: number, rng: Rng) {
  const { installations, eventsPerInstallationPerDay, zipfExponent, dailyAmplitude } = shape;
  const cumulative = new Float64Array(installations);
  let total = 0;
  for (let rank = 0; rank < installations; rank += 1) {
    total += 1 / (rank + 1) ** zipfExponent;
    cumulative[rank] = total;
  }
  const meanPerMs = (installations * eventsPerInstallationPerDay) / DAY_MS;
  const peakPerMs = meanPerMs * (1 + dailyAmplitude);
  const rateAt = (time: number) => meanPerMs * (1 - dailyAmplitude * Math.cos((2 * Math.PI * (time - start)) / DAY_MS));

  const pickWorkspace = (): number => {
    const target = rng.next() * total;
    let low = 0;
    let high = installations - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  let time = start;
  return {
    /** The next arrival after the previous one. */
    next(): Arrival {
      for (;;) {
        time += -Math.log(1 - rng.next()) / peakPerMs;
        if (rng.next() * peakPerMs <= rateAt(time)) return { at: time, workspace: pickWorkspace() };
      }
    },
    /** The share of all events the busiest workspace sends. */
    topShare: 1 / total,
  };
}
