import type { AgentActivity } from './plane-types';

/**
 * The `content_metadata` key `agentRuns.respond` writes the prompt's activity id under, so a later
 * delivery of the same prompt finds its answer by id rather than by position.
 */
export const PROMPT_MARKER = 'prompt_activity_id';

/** The activity types that answer a prompt: each makes a comment or ends the run. */
const ANSWER_TYPES: ReadonlySet<string> = new Set(['response', 'elicitation', 'error']);

/** `open`: nobody answered the prompt yet; `answered`: it was; `stopped`: the user pressed Stop after it. */
export type PromptState =
  | { readonly state: 'open' }
  | { readonly state: 'answered'; readonly answer: AgentActivity }
  | { readonly state: 'stopped'; readonly stop: AgentActivity };

const markerOf = (activity: AgentActivity): unknown => activity.content_metadata?.[PROMPT_MARKER];

/**
 * Where the prompt `promptId` stands in a run's activities (oldest first, as Plane lists them,
 * EE apps/api/plane/agents/views/api/agent_run_activity.py `order_by("created_at")`):
 * - answered by an activity marked with its id, wherever that is (two quick prompts may be
 *   answered out of order);
 * - else answered by an unmarked answer between it and the next prompt (answers posted without
 *   `respond`, or a Plane that did not keep `content_metadata`);
 * - else stopped if a Stop prompt (`signal: "stop"`) came after it;
 * - else open. A prompt not in the list is open: only its marker can tell.
 */
export function promptState(activities: readonly AgentActivity[], promptId: string): PromptState {
  const marked = activities.find((activity) => markerOf(activity) === promptId);
  if (marked) return { state: 'answered', answer: marked };
  const index = activities.findIndex((activity) => activity.id === promptId);
  if (index < 0) return { state: 'open' };
  const later = activities.slice(index + 1);
  const nextPrompt = later.findIndex((activity) => activity.type === 'prompt');
  const before = nextPrompt < 0 ? later : later.slice(0, nextPrompt);
  const unmarked = before.find((activity) => ANSWER_TYPES.has(activity.type ?? '') && markerOf(activity) === undefined);
  if (unmarked) return { state: 'answered', answer: unmarked };
  const isStop = activities[index].signal === 'stop';
  const stop = isStop ? undefined : later.find((activity) => activity.type === 'prompt' && activity.signal === 'stop');
  return stop ? { state: 'stopped', stop } : { state: 'open' };
}
