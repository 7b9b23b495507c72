import { createHash, createHmac } from 'node:crypto';

/**
 * An independent model of what the ingest path must do, written from PLANE-FACTS.md and the
 * kit's TSDoc rather than from its code: own-property lookups only, and nothing here throws.
 * The fuzz tests compare the real code with it.
 */

export type Headers = Readonly<Record<string, string | undefined>>;
type Json = Record<string, unknown>;

/** Lower-case hex HMAC-SHA256, as Plane computes `X-Plane-Signature`. */
export function hmacHex(secret: string, bytes: Uint8Array | string): string {
  return createHmac('sha256', secret).update(bytes).digest('hex');
}

/**
 * The signature rule: hex HMAC of the exact bytes under a non-empty active secret (case and surrounding whitespace
 * tolerated).
 */
export function modelSigned(bytes: Uint8Array, signature: string | undefined, secrets: readonly string[]): boolean {
  if (typeof signature !== 'string') return false;
  const given = signature.trim().toLowerCase();
  return secrets.some((secret) => secret.length > 0 && hmacHex(secret, bytes) === given);
}

/** A header by case-insensitive name: the first non-empty value. */
export function modelHeader(headers: Headers | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (value) return value;
    found ??= value;
  }
  return found;
}

const own = (value: unknown, key: string): unknown =>
  isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const PRESENT_TENSE = new Map([
  ['create', 'created'],
  ['update', 'updated'],
  ['delete', 'deleted'],
]);
const AGENT_TYPES = new Map([
  ['agent_run', 'agent_run_create'],
  ['agent_run_activity', 'agent_run_user_prompt'],
]);

/**
 * Event names, actions and workspace ids become SQS message attributes and log fields, so the kit
 * accepts only short plain ones (Plane's are `issue_comment`, `workitem.created`, uuids).
 */
const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Thrown inside the model only, for an action that makes the whole envelope invalid. */
class NotAnEnvelope extends Error {}

function action(value: unknown): string | undefined {
  const name = text(value);
  if (name === undefined) return undefined;
  if (!NAME.test(name)) throw new NotAnEnvelope();
  return PRESENT_TENSE.get(name) ?? name;
}

function checked(event: ModelEvent | undefined): ModelEvent | undefined {
  return event && NAME.test(event.event) && WORKSPACE_ID.test(event.workspaceId) ? event : undefined;
}

/** Strict UTF-8 without U+FFFE/U+FFFF (SQS refuses them), or undefined. */
export function modelDecode(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = buffer.toString('utf8');
  if (!Buffer.from(decoded, 'utf8').equals(buffer)) return undefined;
  return /[\uFFFE\uFFFF]/.test(decoded) ? undefined : decoded;
}

export interface ModelEvent {
  readonly event: string;
  readonly action?: string;
  readonly workspaceId: string;
  readonly eventId?: string;
}

/** The routing fields of a valid envelope (v1, v2 or agent run), or undefined when it is not one. */
export function modelEnvelope(bodyText: string, headers: Headers): ModelEvent | undefined {
  try {
    return checked(routingFields(bodyText, headers));
  } catch (error) {
    if (error instanceof NotAnEnvelope) return undefined;
    throw error;
  }
}

function routingFields(bodyText: string, headers: Headers): ModelEvent | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  const eventId = text(own(body, 'event_id'));
  const agentRun = own(body, 'agent_run');
  if (own(body, 'event') === undefined && isObject(agentRun)) {
    const fromHeader = text(modelHeader(headers, 'x-plane-event')?.trim());
    const type = own(body, 'type');
    const event = fromHeader ?? (typeof type === 'string' ? AGENT_TYPES.get(type) : undefined);
    const workspaceId = text(own(body, 'workspace_id')) ?? text(own(agentRun, 'workspace'));
    if (!event || !workspaceId) return undefined;
    return { event, action: action(own(body, 'action')), workspaceId, eventId };
  }
  const name = text(own(body, 'event'));
  if (!name) return undefined;
  const rawData = own(body, 'data');
  if (rawData !== undefined && rawData !== null && !isObject(rawData)) return undefined;
  const data = isObject(rawData) ? rawData : {};
  const run = own(data, 'agent_run');
  const workspaceId =
    text(own(body, 'workspace_id')) ??
    text(own(own(body, 'workspace'), 'id')) ??
    text(own(data, 'workspace_id')) ??
    text(own(run, 'workspace'));
  if (!workspaceId) return undefined;
  if (name.includes('.')) {
    const dot = name.lastIndexOf('.');
    return {
      event: name.slice(0, dot) || name,
      action: action(name.slice(dot + 1)) ?? action(own(body, 'action')),
      workspaceId,
      eventId,
    };
  }
  if (isObject(run)) {
    // An agent payload wrapped in the envelope: its own action (`prompted`) names it, not the
    // envelope's (always `created`); both are read, so both must be plain names.
    const outer = action(own(body, 'action'));
    return { event: name, action: action(own(data, 'action')) ?? outer, workspaceId, eventId };
  }
  return { event: name, action: action(own(body, 'action')) ?? action(own(data, 'action')), workspaceId, eventId };
}

function modelDedupKey(bytes: Uint8Array, eventId: string | undefined): string {
  return eventId ? `event:${eventId}` : `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** What one webhook must produce: the status and, for a 200, the one queued message (empty attributes left out). */
export interface ModelOutcome {
  readonly status: 200 | 400 | 401 | 413;
  readonly message?: { readonly body: string; readonly attributes: Readonly<Record<string, string>> };
}

/** The ingest contract with a healthy queue and secret store: size, signature, envelope, then one message. */
export function modelIngest(
  bytes: Uint8Array,
  headers: Headers,
  secrets: readonly string[],
  maxBodyBytes: number,
): ModelOutcome {
  if (bytes.byteLength > maxBodyBytes) return { status: 413 };
  if (!modelSigned(bytes, modelHeader(headers, 'x-plane-signature'), secrets)) return { status: 401 };
  const bodyText = modelDecode(bytes);
  const event = bodyText === undefined ? undefined : modelEnvelope(bodyText, headers);
  if (bodyText === undefined || event === undefined) return { status: 400 };
  // X-Plane-Delivery is a uuid: only its id characters travel on, at most 100 of them.
  const deliveryId = modelHeader(headers, 'x-plane-delivery')
    ?.replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 100);
  const attributes: Record<string, string> = {
    event: event.event,
    workspaceId: event.workspaceId,
    dedupKey: modelDedupKey(bytes, event.eventId),
    ...(deliveryId ? { deliveryId } : {}),
  };
  return { status: 200, message: { body: bodyText, attributes } };
}
