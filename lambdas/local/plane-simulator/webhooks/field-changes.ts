import type { JsonObject, PyJson } from '../format/python-json';
import type { SimUser } from '../resources/members/record';
import type { WebhookEmitter } from './emitter';

function sameJson(a: PyJson | undefined, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sends the `updated` webhooks of one update as Plane's `model_activity` does
 * (bgtasks/webhook_task.py): one per requested key that exists in the record serialized before
 * the change and differs from it; `old_value` from that record, `new_value` as requested, and
 * each carrying the full record after the change (`after`, serialized per webhook).
 */
export function emitFieldUpdates(
  webhooks: WebhookEmitter,
  event: string,
  actor: SimUser,
  before: JsonObject,
  requested: Readonly<Record<string, unknown>>,
  after: () => JsonObject,
): void {
  for (const [field, value] of Object.entries(requested)) {
    if (!(field in before) || sameJson(before[field], value)) continue;
    // `requested` is a parsed JSON body, so every value is JSON.
    webhooks.emit(event, 'updated', after(), { actor, field, oldValue: before[field], newValue: value as PyJson });
  }
}
