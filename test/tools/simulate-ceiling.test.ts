import { findCeiling, withinCeiling } from '../../tools/simulate/ceiling';
import type { SimulationConfig, SimulationResult } from '../../tools/simulate/run';

/** A stand-in run whose p99 crosses 60 s above `limit` installations, and which parks above `parksAbove`. */
const fakeRun =
  (limit: number, parksAbove = Number.POSITIVE_INFINITY) =>
  async (config: SimulationConfig): Promise<SimulationResult> =>
    ({
      installations: config.installations,
      delayP99S: config.installations <= limit ? 5 : 600,
      lost: 0,
      parked: config.installations > parksAbove ? 3 : 0,
    }) as SimulationResult;

const base = {} as Omit<SimulationConfig, 'installations'>;

describe('the ceiling search', () => {
  it('finds the largest count under 60 s p99 to within 5%', async () => {
    const { ceilingInstallations } = await findCeiling(base, fakeRun(4321));
    expect(ceilingInstallations).toBeLessThanOrEqual(4321);
    expect(ceilingInstallations).toBeGreaterThanOrEqual(4321 / 1.05);
  });

  it('counts a run that parks events as over the ceiling, however fast the rest went', async () => {
    const { ceilingInstallations } = await findCeiling(base, fakeRun(4321, 1500));
    expect(ceilingInstallations).toBeLessThanOrEqual(1500);
    expect(withinCeiling({ delayP99S: 1, lost: 0, parked: 1 } as SimulationResult)).toBe(false);
  });
});
