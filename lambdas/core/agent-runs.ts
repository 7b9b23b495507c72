import { PlaneApiError, PlaneNetworkError } from './plane-errors';
import { toPage } from './plane-page';
import type { AgentActivity, AgentActivityInput } from './plane-types';
import { PROMPT_MARKER, type PromptState, promptState } from './prompt-answers';
import type { Sleep } from './retry-policy';

/** The Plane client's `request` (plane-client.ts), as far as these calls use it. */
type PlaneRequest = <T>(
  method: string,
  path: string,
  options?: { query?: Record<string, string | number | undefined>; body?: unknown; retryAmbiguous?: boolean },
) => Promise<T>;

/**
 * An activity that answers a prompt: a `response`, an `elicitation` (a question back; the run
 * waits for a reply in its thread) or an `error` (the run fails; Plane shows no comment).
 */
export type AgentAnswer = AgentActivityInput & { type: 'response' | 'elicitation' | 'error' };

/**
 * What `respond` did. `posted`: this call posted the answer (`activity`; after an ambiguous
 * failure, the one found in the list). `answered`: an earlier delivery of the prompt had
 * (`activity`). `stopped`: the user pressed Stop after this prompt, so nothing was posted.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface RespondResult {
  readonly outcome: 'posted' | 'answered' | 'stopped';
  readonly activity?: AgentActivity;
}

/** The agent-run calls of the Plane client (`ctx.plane.agentRuns`). */
export interface AgentRunsApi {
  /**
   * Posts one activity, as it is: Plane has no idempotency key, so after a time-out or a 5xx the
   * client's retry may post it twice. Fine for thoughts; answer prompts with `respond`.
   */
  createActivity(runId: string, activity: AgentActivityInput): Promise<AgentActivity>;
  /** Every activity of the run, oldest first: the users' prompts and the agent's activities. */
  listActivities(runId: string): Promise<AgentActivity[]>;
  /**
   * Answers the prompt `promptId` (`event.data.agent_run_activity.id`) once, however often its
   * webhook is delivered. It lists the run's activities and posts only if the prompt has no
   * answer yet and no Stop came after it. `answer` may be a function: it runs only then (post a
   * `thought` and do the work there), and the list is read again before the answer is posted.
   * The answer carries the prompt's id in `content_metadata`. After an ambiguous failure of the
   * POST (a 5xx, a time-out, a network error) it waits a second and reads the list again instead
   * of resending blindly; it posts at most twice, then throws so the queue retries the event.
   * An empty `promptId` (a payload without one) skips the checks: the answer is posted once.
   */
  respond(runId: string, promptId: string, answer: AgentAnswer | (() => Promise<AgentAnswer>)): Promise<RespondResult>;
}

/** Activities per page: Plane's default is 20 (EE agent_run_activity.py `default_per_page=20`). */
const PER_PAGE = 100;
/** A run with more activities than this is not listed further (and `respond` fails). */
const MAX_PAGES = 100;
/** Posts of one answer at most: the first, and one more after the list showed it missing. */
const MAX_POSTS = 2;
/** Time for Plane to finish a request that failed on our side before its activity is looked for. */
const SETTLE_MS = 1000;

const seg = encodeURIComponent;

/** A failure after which Plane may or may not have saved the activity. */
function isAmbiguous(error: unknown): boolean {
  return error instanceof PlaneNetworkError || (error instanceof PlaneApiError && error.planeStatus >= 500);
}

/** The agent-run calls over the client's `request` (plane-client.ts wires them in). */
export function createAgentRunsApi(deps: { request: PlaneRequest; sleep: Sleep }): AgentRunsApi {
  const { request, sleep } = deps;
  const activitiesPath = (runId: string) => `/runs/${seg(runId)}/activities/`;

  const listActivities = async (runId: string): Promise<AgentActivity[]> => {
    const activities: AgentActivity[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      // Plane sizes a page by per_page, not by the cursor: send it on every request (paginator.py).
      const body = await request<Record<string, unknown>>('GET', activitiesPath(runId), {
        query: { per_page: PER_PAGE, cursor },
      });
      const { results, hasNext, nextCursor } = toPage<AgentActivity>(body);
      activities.push(...results);
      if (!hasNext || !nextCursor) return activities;
      cursor = nextCursor;
    }
    throw new Error(`run ${runId} has more than ${PER_PAGE * MAX_PAGES} activities; not listed further`);
  };

  const stateOf = async (runId: string, promptId: string): Promise<PromptState> =>
    promptId ? promptState(await listActivities(runId), promptId) : { state: 'open' };

  const settled = (state: PromptState): RespondResult | undefined => {
    if (state.state === 'answered') return { outcome: 'answered', activity: state.answer };
    if (state.state === 'stopped') return { outcome: 'stopped' };
    return undefined;
  };

  const post = async (runId: string, promptId: string, answer: AgentAnswer): Promise<RespondResult> => {
    const body = { ...answer, content_metadata: { ...answer.content_metadata, [PROMPT_MARKER]: promptId } };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const activity = await request<AgentActivity>('POST', activitiesPath(runId), { body, retryAmbiguous: false });
        return { outcome: 'posted', activity };
      } catch (error) {
        if (!promptId || !isAmbiguous(error) || attempt >= MAX_POSTS) throw error;
        await sleep(SETTLE_MS);
        const state = await stateOf(runId, promptId);
        // Our own POST landed: the ambiguous failure came after Plane saved it.
        if (state.state === 'answered') return { outcome: 'posted', activity: state.answer };
        if (state.state === 'stopped') return { outcome: 'stopped' };
      }
    }
  };

  return {
    createActivity: (runId, activity) => request<AgentActivity>('POST', activitiesPath(runId), { body: activity }),
    listActivities,
    async respond(runId, promptId, answer) {
      const before = settled(await stateOf(runId, promptId));
      if (before) return before;
      if (typeof answer !== 'function') return post(runId, promptId, answer);
      const produced = await answer();
      // The work took a while: Stop may have been pressed, or another delivery answered.
      const after = settled(await stateOf(runId, promptId));
      return after ?? post(runId, promptId, produced);
    },
  };
}
