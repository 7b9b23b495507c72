import { SimHttpError } from '../http/http-io';

interface External {
  readonly id: string;
  readonly project: string;
  readonly external_source: string | null;
  readonly external_id: string | null;
}

/**
 * The record in a project that already has this `external_source` and `external_id` (apps use
 * the pair to make their writes idempotent), other than `self`; undefined when either is empty.
 */
export function withExternalId<T extends External>(
  records: readonly T[],
  projectId: string,
  source: unknown,
  externalId: unknown,
  self?: string,
): T | undefined {
  if (!source || !externalId) return undefined;
  return records.find(
    (record) =>
      record.project === projectId &&
      record.external_source === source &&
      record.external_id === externalId &&
      record.id !== self,
  );
}

/** Plane's 409 for a repeated external id, e.g. `Cycle with the same external id and ...`. */
export function externalIdConflict(model: string, id: string): SimHttpError {
  return new SimHttpError(409, { error: `${model} with the same external id and external source already exists`, id });
}
