import type { Page } from './plane-types';

/**
 * One page of a Plane list answer (makeplane/plane apps/api/plane/utils/paginator.py): `results`,
 * `next_cursor` and `next_page_results`; loop while `hasNext`.
 */
export function toPage<T>(body: Record<string, unknown> | undefined): Page<T> {
  const results = Array.isArray(body?.results) ? (body.results as T[]) : [];
  return {
    results,
    nextCursor: typeof body?.next_cursor === 'string' ? body.next_cursor : undefined,
    hasNext: body?.next_page_results === true,
    totalCount: typeof body?.total_count === 'number' ? body.total_count : undefined,
  };
}
