import type { ActionContext } from '../context';
import type { JsonObject, PyJson } from '../format/python-json';
import type { SimUser } from '../resources/members/record';

function sameJson(a: PyJson | undefined, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Updatable {
  updated_by: string | null;
  updated_at: number;
}

/**
 * Applies a validated update to a record and sends its `updated` webhooks as Plane's
 * `model_activity` does (bgtasks/webhook_task.py): one per requested key that exists in the
 * record serialized before the change (`serialize`) and differs from it; `old_value` from that
 * record, `new_value` as requested, each carrying the record after the change (`webhookData`).
 */
export function applyUpdate<T extends Updatable>(
  ctx: ActionContext,
  update: {
    event: string;
    actor: SimUser;
    record: T;
    changes: Partial<T>;
    requested: Readonly<Record<string, unknown>>;
  },
  serialize: (record: T) => JsonObject,
  webhookData: (record: T) => JsonObject = serialize,
): T {
  const { event, actor, record, requested } = update;
  const before = serialize(record);
  Object.assign(record, update.changes, { updated_by: actor.id, updated_at: ctx.clock() });
  for (const [field, value] of Object.entries(requested)) {
    if (!(field in before) || sameJson(before[field], value)) continue;
    // `requested` is a parsed JSON body, so every value is JSON.
    const activity = { actor, field, oldValue: before[field], newValue: value as PyJson };
    ctx.webhooks.emit(event, 'updated', webhookData(record), activity);
  }
  return record;
}
