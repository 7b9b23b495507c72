import { SimHttpError } from '../../http/http-io';
import type { AgentActivityType, AgentSignal, JsonRecord } from './record';

// What `POST /api/v1/workspaces/{slug}/runs/{id}/activities/` accepts, with the messages of EE
// apps/api/plane/agents/serializers/api/agent_run.py (AgentRunActivityAPISerializer) and DRF.
// Stricter than Plane in three places, as the kit must never rely on them: `type` is required
// (Plane saves a `prompt`), `content.type` must equal `type` (Plane's check compares content.type
// with itself, plane-agents.md §0.1), and a `content` that is not an object is a 400 (a 500 there).

const TYPES: readonly AgentActivityType[] = ['action', 'elicitation', 'error', 'prompt', 'response', 'thought'];
const SIGNALS: readonly AgentSignal[] = ['auth_request', 'continue', 'select', 'stop'];

/** The serializer's message for an action without an action name or string parameters (a triple-quoted string, sic). */
const INDENT = '\n                    ';
const ACTION_FORMAT =
  `${INDENT}Invalid content format. Must be like ${INDENT}` +
  `{type: 'action', action: 'create_comment', parameters: {comment: 'Hello, world!'}${INDENT}`;
const bodyFormat = (type: unknown) =>
  `Invalid content format. Must be like {type: '${typeof type === 'string' ? type : 'None'}', body: 'Hello, world!'}`;

/** An activity request, validated. */
export interface ActivityInput {
  readonly type: Exclude<AgentActivityType, 'prompt'>;
  readonly content: JsonRecord;
  readonly content_metadata: JsonRecord;
  readonly signal: AgentSignal;
  readonly signal_metadata: JsonRecord;
  readonly ephemeral: boolean;
}

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(type: unknown): string | undefined {
  if (type === undefined) return 'This field is required.';
  if (type === null) return 'This field may not be null.';
  if (!TYPES.includes(type as AgentActivityType)) return `"${String(type)}" is not a valid choice.`;
  return type === 'prompt' ? 'Prompt activity type is not allowed by the agent' : undefined;
}

function contentProblem(content: unknown, type: unknown): string | undefined {
  if (content === undefined) return 'This field is required.';
  if (content === null) return 'This field may not be null.';
  if (!isRecord(content)) return bodyFormat(type);
  const contentType = content.type;
  if (contentType === 'prompt') return 'Prompt content type is not allowed by the agent';
  if (typeof contentType === 'string' && typeof type === 'string' && contentType.toLowerCase() !== type.toLowerCase())
    return bodyFormat(type);
  if (contentType === 'action') {
    const { action, parameters } = content;
    const stringMap =
      isRecord(parameters) &&
      Object.keys(parameters).length > 0 &&
      Object.values(parameters).every((value) => typeof value === 'string');
    return typeof action === 'string' && action !== '' && stringMap ? undefined : ACTION_FORMAT;
  }
  // Python truthiness: "", 0, false, null, [] and {} are empty bodies.
  const body = content.body;
  const empty =
    !body || (Array.isArray(body) && body.length === 0) || (isRecord(body) && Object.keys(body).length === 0);
  return empty || typeof contentType !== 'string' || contentType === '' ? bodyFormat(contentType) : undefined;
}

function signalProblem(signal: unknown, metadata: unknown): string | undefined {
  if (signal === undefined) return undefined;
  if (!SIGNALS.includes(signal as AgentSignal)) return `"${String(signal)}" is not a valid choice.`;
  if (signal !== 'auth_request') return undefined;
  const url = isRecord(metadata) ? metadata.url : undefined;
  if (!url) return 'URL is required for AUTH_REQUEST signal';
  return typeof url === 'string' && url.startsWith('https://') ? undefined : 'URL must start with https://';
}

const dictProblem = (value: unknown) =>
  value === undefined || isRecord(value) ? undefined : 'Expected a dictionary of items.';
const booleanProblem = (value: unknown) =>
  value === undefined || typeof value === 'boolean' ? undefined : 'Must be a valid boolean.';

/** Validates an activity request; a 400 lists every field's problem, in the serializer's field order. */
export function readActivityInput(body: Readonly<Record<string, unknown>>): ActivityInput {
  const problems: Array<[string, string | undefined]> = [
    ['content', contentProblem(body.content, body.type)],
    ['content_metadata', dictProblem(body.content_metadata)],
    ['ephemeral', booleanProblem(body.ephemeral)],
    ['signal', signalProblem(body.signal, body.signal_metadata)],
    ['signal_metadata', dictProblem(body.signal_metadata)],
    ['type', typeProblem(body.type)],
  ];
  const found = problems.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (found.length > 0) throw new SimHttpError(400, Object.fromEntries(found.map(([key, text]) => [key, [text]])));
  return {
    type: body.type as ActivityInput['type'],
    content: body.content as JsonRecord,
    content_metadata: (body.content_metadata as JsonRecord | undefined) ?? {},
    signal: (body.signal as AgentSignal | undefined) ?? 'continue',
    signal_metadata: (body.signal_metadata as JsonRecord | undefined) ?? {},
    ephemeral: body.ephemeral === true,
  };
}
