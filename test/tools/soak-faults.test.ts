import { durability } from '../../tools/soak/checks';
import { type FaultStep, startFaultDirector } from '../../tools/soak/fault-director';
import { holdBack } from '../../tools/soak/hold-back';
import { latencyRows, pendingDuring } from '../../tools/soak/latency';
import { createRng } from '../../tools/soak/prng';

const step = (at: number, run: () => Promise<string>): FaultStep => ({ kind: 'killed', label: `at ${at}`, at, run });

describe('soak fault director', () => {
  it('records a window per step and holds the sender at a mark until its step has started', async () => {
    let progress = 0;
    const director = startFaultDirector([step(0.5, async () => 'done')], () => progress);
    let passed = false;
    const gate = director.gate(0.6).then(() => {
      passed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(passed).toBe(false);
    progress = 0.5;
    await gate;
    await director.finish();
    expect(director.windows.map((window) => window.label)).toEqual(['at 0.5']);
    expect(director.windows[0].toMs).toBeGreaterThanOrEqual(director.windows[0].fromMs);
  });

  it('does not hold the sender at the next mark while a step runs (it may need traffic to end)', async () => {
    let end: (summary: string) => void = () => undefined;
    const director = startFaultDirector(
      [step(0, () => new Promise<string>((resolve) => (end = resolve))), step(0.5, async () => 'later')],
      () => 0.2,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(director.gate(0.8)).resolves.toBeUndefined();
    end('over');
    await director.finish();
    expect(director.windows.map((window) => window.label)).toEqual(['at 0', 'at 0.5']);
  });

  it('opens the gate when a step fails, so the sender is not held forever, and fails finish', async () => {
    const director = startFaultDirector(
      [
        step(0, async () => {
          throw new Error('refusal never confirmed');
        }),
        step(0.9, async () => 'never'),
      ],
      () => 0.1,
    );
    await expect(director.finish()).rejects.toThrow('refusal never confirmed');
    await expect(director.gate(0.95)).resolves.toBeUndefined();
    expect(director.timeline.some((line) => line.includes('fault step failed: refusal never confirmed'))).toBe(true);
  });
});

describe('soak hold-back (out-of-order delivery)', () => {
  it('moves late requests behind later ones, keeps every request once and never splits a burst', () => {
    const requests = Array.from({ length: 3000 }, (_, index) => ({
      index,
      late: index % 97 === 0,
      burst: index >= 10 && index < 14 ? 1 : undefined,
    }));
    const ordered = holdBack(requests, (request) => request.late, createRng(3));
    expect(ordered.map((request) => request.index).sort((a, b) => a - b)).toEqual(requests.map((r) => r.index));
    const position = new Map(ordered.map((request, at) => [request.index, at]));
    expect(position.get(97)).toBeGreaterThan(position.get(98) ?? Number.POSITIVE_INFINITY);
    const burst = [10, 11, 12, 13].map((index) => position.get(index) ?? -1);
    expect(burst).toEqual([burst[0], burst[0] + 1, burst[0] + 2, burst[0] + 3]);
  });
});

describe('soak latency rows', () => {
  it('splits accept-to-processed by group, with the untouched events as "no fault"', () => {
    const times = {
      acceptedAt: new Map([
        ['a', 0],
        ['b', 0],
        ['c', 100],
      ]),
      processedAt: new Map([
        ['a', 1000],
        ['b', 30_000],
        ['c', 200],
      ]),
    };
    const during = pendingDuring(times, [{ fromMs: 10_000, toMs: 20_000 }]);
    expect([...during]).toEqual(['b']);
    const rows = latencyRows(times, [['sqs down', during]]);
    expect(rows).toEqual([
      { label: 'no fault', events: 2, p50Ms: 100, p99Ms: 1000, maxMs: 1000 },
      { label: 'sqs down', events: 1, p50Ms: 30_000, p99Ms: 30_000, maxMs: 30_000 },
    ]);
  });
});

describe('soak durability of a 2xx', () => {
  const trace = (firstAcknowledgedAt?: number) => ({ queued: 1, acknowledged: 1, refused: 0, firstAcknowledgedAt });
  const traces = new Map([
    ['queued-first', trace(50)],
    ['swept-later', trace(500)],
  ]);
  const answer = (deliveryId: string) => ({ deliveryId, status: 200, at: 100 });

  it('tells a message queued before the answer from one the sweeper queued after it', () => {
    expect(durability(answer('queued-first'), traces)).toBe('queued');
    expect(durability(answer('swept-later'), traces)).toBe('kept');
  });

  it('counts a copy kept under the same bytes as another copy that reached SQS, and nothing else', () => {
    expect(durability(answer('overwritten-copy'), traces, ['swept-later', 'overwritten-copy'])).toBe('kept');
    expect(durability(answer('overwritten-copy'), traces, ['never-queued'])).toBe('none');
  });
});
