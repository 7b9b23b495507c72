import { SimHttpError } from '../http/http-io';

import type { JsonObject, PyJson } from './python-json';

const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 100;

function parseError(detail: string): SimHttpError {
  return new SimHttpError(400, { detail });
}

/** A view's page sizes: Plane's paginator takes a default per view and allows `max(1000, default)`. */
interface PageSizes {
  readonly defaultPerPage: number;
  readonly maxPerPage: number;
}

/**
 * Pages a list as Plane's `BasePaginator` does: `per_page` (default and max 100 unless the view
 * says otherwise) and a cursor `value:offset:is_prev` where offset is the page number, e.g.
 * `100:1:0` for the second page. The page size is `per_page`, never the cursor's value.
 */
export function paginate(
  query: URLSearchParams,
  items: readonly JsonObject[],
  sizes: PageSizes = { defaultPerPage: DEFAULT_PER_PAGE, maxPerPage: MAX_PER_PAGE },
): JsonObject {
  const perPageText = query.get('per_page') ?? String(sizes.defaultPerPage);
  if (!/^-?\d+$/.test(perPageText.trim())) throw parseError('Invalid per_page parameter.');
  const perPage = Number(perPageText);
  if (perPage > sizes.maxPerPage) throw parseError(`Invalid per_page value. Cannot exceed ${sizes.maxPerPage}.`);
  if (perPage < 1) throw parseError('Invalid per_page parameter.');
  const cursor = (query.get('cursor') ?? `${perPage}:0:0`).split(':');
  if (cursor.length !== 3 || cursor.some((bit) => !/^-?\d+(\.\d+)?$/.test(bit))) {
    throw parseError('Invalid cursor parameter.');
  }
  const page = Math.trunc(Number(cursor[1]));
  if (page < 0) throw parseError('Error in parsing');
  const offset = page * perPage;
  const results: PyJson[] = items.slice(offset, offset + perPage);
  const total = items.length;
  return {
    grouped_by: null,
    sub_grouped_by: null,
    total_count: total,
    next_cursor: `${perPage}:${page + 1}:0`,
    prev_cursor: `${perPage}:${page - 1}:1`,
    next_page_results: total > offset + perPage,
    prev_page_results: page > 0,
    count: results.length,
    total_pages: total > 0 ? Math.ceil(total / perPage) : 0,
    total_results: total,
    extra_stats: null,
    results,
  };
}

/**
 * Orders records by `order_by` (a field name, `-` for descending; default `-created_at`), ties
 * kept newest-inserted first for descending order, as Plane's second key `-created_at` does.
 */
export function orderRecords<T extends object>(records: readonly T[], orderBy: string | null): T[] {
  const spec = orderBy && /^-?[a-z_]+$/.test(orderBy) ? orderBy : '-created_at';
  const descending = spec.startsWith('-');
  const field = descending ? spec.slice(1) : spec;
  const fieldOf = (record: T): unknown => (record as Record<string, unknown>)[field];
  const indexed = records.map((record, index) => ({ record, index }));
  indexed.sort((a, b) => {
    const x = fieldOf(a.record);
    const y = fieldOf(b.record);
    const order = x === y ? 0 : x === undefined || x === null ? 1 : y === undefined || y === null ? -1 : x < y ? -1 : 1;
    if (order !== 0) return descending ? -order : order;
    return descending ? b.index - a.index : a.index - b.index;
  });
  return indexed.map((entry) => entry.record);
}
