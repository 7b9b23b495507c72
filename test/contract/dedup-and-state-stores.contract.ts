import type { DedupStore, OAuthStateStore, RateBudget, Reservation, SlotRequest } from '../../lambdas/core/ports';

const NOW = 1_800_000_000_000;

/** The behaviour every DedupStore must have. */
export function dedupStoreContract(name: string, makeStore: () => Promise<DedupStore>): void {
  describe(`${name} (DedupStore contract)`, () => {
    let store: DedupStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    test('the first claim of a key wins', async () => {
      expect(await store.claim('k', 'a', NOW, NOW + 60_000)).toBe('claimed');
    });

    test('a second claim while the first is in progress is told so', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      expect(await store.claim('k', 'b', NOW + 1, NOW + 60_001)).toBe('in_progress');
    });

    test('a completed key is a duplicate until its record expires', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      expect(await store.complete('k', 'a', NOW + 3_600_000)).toBe(true);
      expect(await store.claim('k', 'b', NOW + 10, NOW + 60_010)).toBe('done');
      expect(await store.claim('k', 'c', NOW + 3_600_001, NOW + 3_660_001)).toBe('claimed');
    });

    test('a released claim does not block the retry', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      await store.release('k', 'a');
      expect(await store.claim('k', 'b', NOW + 1, NOW + 60_001)).toBe('claimed');
    });

    test('a claim left behind by a crashed run can be taken once it runs out', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      expect(await store.claim('k', 'b', NOW + 60_001, NOW + 120_000)).toBe('claimed');
    });

    test('releasing a completed key keeps it completed', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      await store.complete('k', 'a', NOW + 3_600_000);
      await store.release('k', 'a');
      expect(await store.claim('k', 'b', NOW + 1, NOW + 60_001)).toBe('done');
    });

    test('another owner can neither complete nor release a claim', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      expect(await store.complete('k', 'b', NOW + 3_600_000)).toBe(false);
      await store.release('k', 'b');
      expect(await store.claim('k', 'c', NOW + 1, NOW + 60_001)).toBe('in_progress');
    });

    test('an owner whose claim ran out and was taken by another cannot complete or release it', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      await store.claim('k', 'b', NOW + 60_001, NOW + 120_000);
      expect(await store.complete('k', 'a', NOW + 3_600_000)).toBe(false);
      await store.release('k', 'a');
      expect(await store.claim('k', 'c', NOW + 60_002, NOW + 120_002)).toBe('in_progress');
      expect(await store.complete('k', 'b', NOW + 3_600_000)).toBe(true);
    });

    test('an owner completes its claim even after it ran out, while nobody took it', async () => {
      await store.claim('k', 'a', NOW, NOW + 60_000);
      expect(await store.complete('k', 'a', NOW + 3_600_000)).toBe(true);
    });

    test('a key that was never claimed cannot be completed', async () => {
      expect(await store.complete('k', 'a', NOW + 3_600_000)).toBe(false);
      expect(await store.claim('k', 'b', NOW, NOW + 60_000)).toBe('claimed');
    });

    test('keys are independent', async () => {
      await store.claim('a', 'a', NOW, NOW + 60_000);
      expect(await store.claim('b', 'a', NOW, NOW + 60_000)).toBe('claimed');
    });
  });
}

/** The behaviour every OAuthStateStore must have. */
export function stateStoreContract(name: string, makeStore: () => Promise<OAuthStateStore>): void {
  describe(`${name} (OAuthStateStore contract)`, () => {
    let store: OAuthStateStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    const state = { id: 's-1', createdAt: NOW, expiresAt: NOW + 600_000 };

    test('a state is consumed once', async () => {
      await store.create(state);
      expect(await store.consume('s-1', NOW + 1)).toEqual(state);
      expect(await store.consume('s-1', NOW + 2)).toBeUndefined();
    });

    test('an expired state is not consumed', async () => {
      await store.create(state);
      expect(await store.consume('s-1', NOW + 600_001)).toBeUndefined();
    });

    test('an unknown state is not consumed', async () => {
      expect(await store.consume('nope', NOW)).toBeUndefined();
    });
  });
}

/** The behaviour every RateBudget must have. */
export function rateBudgetContract(name: string, makeBudget: () => Promise<RateBudget>): void {
  describe(`${name} (RateBudget contract)`, () => {
    let budget: RateBudget;
    beforeEach(async () => {
      budget = await makeBudget();
    });
    const MINUTE = 60_000;
    const start = Math.floor(NOW / MINUTE) * MINUTE;

    test('gives out `limit` takes in a window, then refuses', async () => {
      const takes = [];
      for (let i = 0; i < 3; i += 1) takes.push(await budget.take('grants', 2, MINUTE, start + i));
      expect(takes).toEqual([true, true, false]);
    });

    test('opens again in the next window', async () => {
      await budget.take('grants', 1, MINUTE, start);
      expect([
        await budget.take('grants', 1, MINUTE, start + MINUTE - 1),
        await budget.take('grants', 1, MINUTE, start + MINUTE),
      ]).toEqual([false, true]);
    });

    test('names have their own allowances', async () => {
      await budget.take('a', 1, MINUTE, start);
      expect(await budget.take('b', 1, MINUTE, start)).toBe(true);
    });

    test('of many takes at once, exactly `limit` succeed', async () => {
      const takes = await Promise.all(Array.from({ length: 8 }, () => budget.take('grants', 3, MINUTE, start)));
      expect(takes.filter(Boolean)).toHaveLength(3);
    });
  });

  describe(`${name} (RateBudget schedule contract)`, () => {
    let budget: RateBudget;
    beforeEach(async () => {
      budget = await makeBudget();
    });
    const limit = 5;
    const windowMs = 63_000;
    const at = (now: number, latest = now + 3_600_000, notBefore?: number, spare?: number) => ({
      limit,
      windowMs,
      now,
      latest,
      notBefore,
      spare,
    });
    const reserveMany = async (count: number, request: SlotRequest) => {
      const slots: Reservation[] = [];
      for (let i = 0; i < count; i += 1) slots.push(await budget.reserve('slots', request));
      return slots;
    };
    /** The most slots that fall in any window of `windowMs` (a slot exactly `windowMs` old has left it). */
    const busiestWindow = (times: number[]) =>
      Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));

    test('an empty window gives `limit` slots at once, and the next when the oldest leaves it', async () => {
      expect(await reserveMany(limit + 1, at(NOW))).toEqual([
        ...Array(limit).fill({ slotAt: NOW }),
        { slotAt: NOW + windowMs },
      ]);
    });

    test('the window slides: each slot waits for the one `limit` places before it to leave', async () => {
      for (let i = 0; i < limit; i += 1) await budget.reserve('slots', at(NOW + i * 10_000));
      expect(await reserveMany(2, at(NOW + 50_000))).toEqual([
        { slotAt: NOW + windowMs },
        { slotAt: NOW + 10_000 + windowMs },
      ]);
    });

    test('reserves nothing when the first free slot is after `latest`, and says when it is', async () => {
      await reserveMany(limit, at(NOW));
      expect(await budget.reserve('slots', at(NOW, NOW + 1000))).toEqual({ freeAt: NOW + windowMs });
      expect(await budget.reserve('slots', at(NOW))).toEqual({ slotAt: NOW + windowMs });
    });

    test('time the schedule stood idle is not saved up beyond one window', async () => {
      await budget.reserve('slots', at(NOW));
      const later = NOW + 10 * windowMs;
      const slots = await reserveMany(limit + 1, at(later));
      expect(slots.map((slot) => slot.slotAt)).toEqual([...Array(limit).fill(later), later + windowMs]);
    });

    test('a slot may be asked for no earlier than `notBefore`, and no later slot comes before it', async () => {
      expect(await budget.reserve('slots', at(NOW, NOW + 120_000, NOW + 60_000))).toEqual({ slotAt: NOW + 60_000 });
      expect(await budget.reserve('slots', at(NOW))).toEqual({ slotAt: NOW + 60_000 });
    });

    test('with `spare`, reserves only where that many more slots would still be free', async () => {
      await reserveMany(limit - 2, at(NOW));
      expect(await budget.reserve('slots', at(NOW, NOW, undefined, 1))).toEqual({ slotAt: NOW });
      expect(await budget.reserve('slots', at(NOW, NOW, undefined, 1))).toEqual({ freeAt: NOW + windowMs });
      expect(await budget.reserve('slots', at(NOW, NOW))).toEqual({ slotAt: NOW });
    });

    test('of many reservations at once, each gets its own slot, and no window holds more than `limit`', async () => {
      const slots = await Promise.all(Array.from({ length: 8 }, () => budget.reserve('slots', at(NOW))));
      const times = slots.map((slot) => slot.slotAt ?? Number.NaN).sort((a, b) => a - b);
      expect([times, busiestWindow(times)]).toEqual([
        [...Array(limit).fill(NOW), ...Array(8 - limit).fill(NOW + windowMs)],
        limit,
      ]);
    });

    test('reservers racing from several moments never put more than `limit` in a window', async () => {
      const moments = Array.from({ length: 9 }, (_, i) => NOW + i * 7_000);
      const slots = await Promise.all(moments.map((now) => budget.reserve('slots', at(now))));
      const times = slots.map((slot) => slot.slotAt ?? Number.NaN);
      expect([times.filter(Number.isFinite).length, busiestWindow(times)]).toEqual([moments.length, limit]);
    });

    test('schedules of different names are independent', async () => {
      await budget.reserve('a', at(NOW));
      expect(await budget.reserve('b', at(NOW))).toEqual({ slotAt: NOW });
    });
  });
}
