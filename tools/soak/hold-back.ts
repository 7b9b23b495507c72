import type { Rng } from './prng';

/** How far (in requests) a late event is held back: a few seconds to a minute of the run's sending. */
const DISTANCE = { min: 300, max: 1500 };

/**
 * Out-of-order delivery, as Plane's concurrent webhook tasks make it (PLANE-FACTS.md: "no ordering
 * between webhooks, even for one work item"): each request `isLate` picks is moved 300 to 1,500
 * places later (or to the end), behind newer events of the same work items. Requests of one burst
 * (same `burst` number, sent together) are never split.
 */
export function holdBack<T extends { readonly burst?: number }>(
  requests: readonly T[],
  isLate: (request: T) => boolean,
  rng: Rng,
): T[] {
  const ordered: T[] = [];
  const held: Array<{ request: T; release: number }> = [];
  requests.forEach((request, position) => {
    if (isLate(request)) {
      held.push({ request, release: position + DISTANCE.min + rng.int(DISTANCE.max - DISTANCE.min) });
      return;
    }
    ordered.push(request);
    const next = requests[position + 1];
    if (request.burst !== undefined && next?.burst === request.burst) return;
    for (let i = 0; i < held.length; ) {
      if (held[i].release <= position) ordered.push(...held.splice(i, 1).map((entry) => entry.request));
      else i += 1;
    }
  });
  return [...ordered, ...held.map((entry) => entry.request)];
}
