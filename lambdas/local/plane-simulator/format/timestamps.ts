/**
 * Formats epoch milliseconds as Django REST Framework does for Plane's UTC datetimes:
 * `datetime.isoformat()` (microseconds only when non-zero) with `+00:00` replaced by `Z`,
 * e.g. `2026-03-01T09:30:00.250000Z` or `2026-03-01T09:30:00Z`.
 */
export function isoTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-03-01T09:30:00.250Z
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${millis}000Z`;
}
