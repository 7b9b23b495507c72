import { createHash } from 'node:crypto';
import { ValidationError } from './errors';
import type { EventVersion, PlaneActivity, PlaneEvent } from './events';

export const EVENT_HEADER = 'x-plane-event';
export const DELIVERY_HEADER = 'x-plane-delivery';

/** Older Plane senders used present-tense actions. (Maps: a plain object would also "know" `constructor`.) */
const ACTIONS: ReadonlyMap<string, string> = new Map([
  ['create', 'created'],
  ['update', 'updated'],
  ['delete', 'deleted'],
]);

/** Bare agent payloads carry a `type` instead of an event name. */
const AGENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['agent_run', 'agent_run_create'],
  ['agent_run_activity', 'agent_run_user_prompt'],
]);

/**
 * The actions an agent event routes under, the payload's own first. The server wraps both payloads
 * in the v1 envelope with `action: "created"` (EE bgtasks/agent_run_activity_webhook.py hands them
 * to webhook_task.py's `webhook_send_task`); the payload says `created` or `prompted`, and the docs
 * show it bare (developer-docs docs/dev-tools/agents/building-an-agent.md). So a handler on
 * `agent_run_user_prompt.prompted` or `.created` gets every prompt, in every form.
 */
const AGENT_ACTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['agent_run_create', ['created']],
  ['agent_run_user_prompt', ['prompted', 'created']],
]);

/**
 * Event names, actions and workspace ids travel on as queue message attributes and log fields:
 * short and plain, as Plane's are (`issue_comment`, `workitem.created`, uuids).
 */
const NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,100}$/;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Decodes body bytes as strict UTF-8 (JSON must be UTF-8). Rejects invalid sequences and the
 * non-characters U+FFFE/U+FFFF, which SQS refuses to carry.
 */
export function decodeBody(body: Uint8Array): string {
  let decoded: string;
  try {
    decoded = utf8.decode(body);
  } catch (cause) {
    throw new ValidationError('body is not valid UTF-8', { code: 'invalid_envelope', cause });
  }
  if (/[\uFFFE\uFFFF]/.test(decoded)) {
    throw new ValidationError('body contains the non-characters U+FFFE or U+FFFF', { code: 'invalid_envelope' });
  }
  return decoded;
}

function invalid(reason: string): ValidationError {
  return new ValidationError(reason, { code: 'invalid_envelope' });
}

function normaliseAction(action: unknown): string | undefined {
  const value = text(action);
  if (value === undefined) return undefined;
  if (!NAME.test(value)) throw invalid('action must be a short name (letters, digits, _ . : -)');
  return ACTIONS.get(value) ?? value;
}

function checkNames(event: string, workspaceId: string): void {
  if (!NAME.test(event)) throw invalid('event must be a short name (letters, digits, _ . : -)');
  if (!WORKSPACE_ID.test(workspaceId)) throw invalid('workspace_id must be an id (letters, digits, _ -)');
}

function actorOf(activity: PlaneActivity | undefined, body: Json): string | undefined {
  const fromActivity = isObject(activity?.actor) ? text(activity.actor.id) : undefined;
  if (fromActivity) return fromActivity;
  return isObject(body.actor) ? text(body.actor.id) : undefined;
}

/** Who asked, in an agent payload: the prompt's actor, else the run's `creator` (`created_by` is null). */
function agentActorOf(data: Json): string | undefined {
  const prompt = isObject(data.agent_run_activity) ? data.agent_run_activity : {};
  const run = isObject(data.agent_run) ? data.agent_run : {};
  return text(prompt.actor) ?? text(run.creator);
}

/** An agent event's action (the payload's, else the envelope's) and the other names it routes under. */
function agentRouting(event: string, payloadAction: unknown, envelopeAction: unknown) {
  // Both are read, so both must be names: a bad one makes the body invalid, wherever it is.
  const wrapper = normaliseAction(envelopeAction);
  const action = normaliseAction(payloadAction) ?? wrapper;
  const aliases = (AGENT_ACTIONS.get(event) ?? [])
    .filter((known) => known !== action)
    .map((known) => `${event}.${known}`);
  return { action, aliases };
}

interface EventFields {
  event: string;
  action?: string;
  aliases?: readonly string[];
  version: EventVersion;
  workspaceId: string;
  data: Json;
  actorId?: string;
}

function build(fields: EventFields, body: Json): PlaneEvent {
  const activity = isObject(body.activity) ? (body.activity as PlaneActivity) : undefined;
  const action = fields.action;
  checkNames(fields.event, fields.workspaceId);
  return {
    name: action ? `${fields.event}.${action}` : fields.event,
    event: fields.event,
    action,
    ...(fields.aliases && fields.aliases.length > 0 ? { aliases: fields.aliases } : {}),
    version: fields.version,
    workspaceId: fields.workspaceId,
    webhookId: text(body.webhook_id),
    eventId: text(body.event_id),
    data: fields.data,
    activity,
    previousAttributes: isObject(body.previous_attributes) ? body.previous_attributes : undefined,
    actorId: fields.actorId ?? actorOf(activity, body),
    payload: body,
  };
}

function parseAgent(body: Json, headerEvent: string | undefined): PlaneEvent {
  const event = headerEvent ?? (typeof body.type === 'string' ? AGENT_TYPES.get(body.type) : undefined);
  if (!event) throw invalid('agent payload has no event name: send the X-Plane-Event header');
  const run = isObject(body.agent_run) ? body.agent_run : {};
  const workspaceId = text(body.workspace_id) ?? text(run.workspace);
  if (!workspaceId) throw invalid('agent payload has no workspace_id');
  const data = { ...body };
  const routing = agentRouting(event, body.action, undefined);
  return build({ event, ...routing, version: 'agent', workspaceId, data, actorId: agentActorOf(data) }, body);
}

/**
 * Parses a webhook body into a typed event. Accepts v1 envelopes (`event`, `action`,
 * `workspace_id`, `data`, `activity`), v2 envelopes (dot-named `event`, `event_id`) and agent-run
 * payloads, bare or wrapped in `data` (a bare one takes its name from `eventName`: the
 * X-Plane-Event header's value at ingest, the queued event name in the processor).
 * Throws a ValidationError with the reason for anything else.
 */
export function parseEnvelope(bodyText: string, options: { readonly eventName?: string } = {}): PlaneEvent {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch (cause) {
    throw new ValidationError('body is not valid JSON', { code: 'invalid_envelope', cause });
  }
  if (!isObject(body)) throw invalid('body is not a JSON object');
  const headerEvent = text(options.eventName?.trim());

  if (body.event === undefined && isObject(body.agent_run)) {
    return parseAgent(body, headerEvent);
  }
  const name = text(body.event);
  if (!name) throw invalid(body.event === undefined ? 'body has no event name' : 'event must be a non-empty string');
  if (body.data !== undefined && body.data !== null && !isObject(body.data))
    throw invalid('data must be a JSON object');
  const data: Json = isObject(body.data) ? body.data : {};
  const run = isObject(data.agent_run) ? data.agent_run : undefined;
  const workspaceId =
    text(body.workspace_id) ??
    (isObject(body.workspace) ? text(body.workspace.id) : undefined) ??
    text(data.workspace_id) ??
    text(run?.workspace);
  if (!workspaceId) throw invalid('body has no workspace_id');

  if (name.includes('.')) {
    const dot = name.lastIndexOf('.');
    const event = name.slice(0, dot) || name;
    const action = normaliseAction(name.slice(dot + 1)) ?? normaliseAction(body.action);
    return build({ event, action, version: 'v2', workspaceId, data }, body);
  }
  if (run) {
    const routing = agentRouting(name, data.action, body.action);
    return build({ event: name, ...routing, version: 'agent', workspaceId, data, actorId: agentActorOf(data) }, body);
  }
  const action = normaliseAction(body.action) ?? normaliseAction(data.action);
  return build({ event: name, action, version: 'v1', workspaceId, data }, body);
}

/**
 * The de-duplication key of an event: Plane's `event_id` when it sends one (v2), else the SHA-256
 * of the raw body. A re-sent webhook has the same body bytes but a new `X-Plane-Delivery`.
 */
export function dedupKeyOf(rawBody: Uint8Array | string, event: Pick<PlaneEvent, 'eventId'>): string {
  if (event.eventId) return `event:${event.eventId}`;
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}
