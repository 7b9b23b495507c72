import type { AgentPromptData, PlaneEvent } from '../../lambdas/core/events';
import type { PlaneClient } from '../../lambdas/core/plane-client';
import type { Comment, PlaneUser, WorkItem } from '../../lambdas/core/plane-types';
import { fakeAgentRuns, savePrompt } from './fake-agent-runs';
import { type FakeActivity, type FakePlaneArgs, type FakePlaneState, fakeResources } from './fake-plane-resources';

/** The bot user the fake acts as (`me()`, the actor of its comments); fakeHandlerContext's default bot. */
export const FAKE_BOT_USER_ID = 'fake-bot-user';

/**
 * The name a call is recorded under: `me`, `request`, `workItems.get`, `comments.create`, ...
 * @public For the tests users write against the fake, though the kit's own tests do not import it.
 */
export type FakePlaneMethod = keyof FakePlaneArgs;

/**
 * One recorded call: the method's name and its arguments, as the handler passed them.
 * @public For the tests users write against the fake, though the kit's own tests do not import it.
 */
export type FakePlaneCall = {
  [M in FakePlaneMethod]: { readonly method: M; readonly args: FakePlaneArgs[M] };
}[FakePlaneMethod];

export interface FakePlaneClientOptions {
  /** Default `acme`. */
  readonly workspaceSlug?: string;
  /** The work items Plane holds, each with its `project`: `workItems.get` of any other rejects (404). */
  readonly workItems?: readonly WorkItem[];
  /** The comments Plane holds, each with its `project` and `issue`. */
  readonly comments?: readonly Comment[];
  /** What `me()` returns. Default: the bot user {@link FAKE_BOT_USER_ID}. */
  readonly me?: PlaneUser;
  /** Answers `request()`, the generic call. Without it `request()` rejects. */
  readonly request?: (...args: FakePlaneArgs['request']) => unknown;
}

/**
 * A PlaneClient held in memory, for unit tests of handlers. It records every call in order
 * (`calls`, `callsTo`) and keeps what Plane would hold (`records`), so a test asserts the calls a
 * handler made and the state they left. A work item or comment created again with the same
 * `external_source` + `external_id` in its project resolves `{ created: false, id }`, as the real
 * client does with Plane's 409. It does not validate bodies as Plane does, and sends no webhooks:
 * local mode (`npm start`) and the end-to-end tests run the Plane simulator for that.
 */
export interface FakePlaneClient extends PlaneClient {
  readonly calls: FakePlaneCall[];
  /** The arguments of every call to one method, in order. */
  callsTo<M extends FakePlaneMethod>(method: M): FakePlaneArgs[M][];
  /** What Plane holds now: the seeded records plus the handler's writes. */
  readonly records: { workItems: WorkItem[]; comments: Comment[]; activities: FakeActivity[] };
  /** Makes the next call to `method` reject with `error` (after it is recorded), as a Plane outage would. */
  failNext(method: FakePlaneMethod, error: Error): void;
  /**
   * Holds the prompt of an `agent_run_user_prompt` event among the run's activities, as Plane does
   * before sending the webhook, so `agentRuns.respond` sees it, and a Stop after it.
   */
  savePrompt(event: PlaneEvent<AgentPromptData>): void;
}

/** Creates a {@link FakePlaneClient} seeded with `options`. */
export function createFakePlaneClient(options: FakePlaneClientOptions = {}): FakePlaneClient {
  const calls: FakePlaneCall[] = [];
  const failures = new Map<FakePlaneMethod, Error[]>();
  let lastId = 0;
  const state: FakePlaneState = {
    workspaceSlug: options.workspaceSlug ?? 'acme',
    me: options.me ?? { id: FAKE_BOT_USER_ID, display_name: 'Fake bot' },
    records: {
      workItems: structuredClone([...(options.workItems ?? [])]),
      comments: structuredClone([...(options.comments ?? [])]),
      activities: [],
    },
    record(method, ...args) {
      // TypeScript cannot tie a generic method name to its member of the union; the pair is checked at the call.
      calls.push({ method, args } as FakePlaneCall);
      const failure = failures.get(method)?.shift();
      if (failure) throw failure;
    },
    newId: (kind) => `fake-${kind}-${++lastId}`,
  };
  return {
    ...fakeResources(state, options.request),
    agentRuns: fakeAgentRuns(state),
    calls,
    records: state.records,
    // The filter keeps only calls to `method`, so their args are that method's arguments.
    callsTo: <M extends FakePlaneMethod>(method: M) =>
      calls.flatMap((call) => (call.method === method ? [call.args as FakePlaneArgs[M]] : [])),
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    savePrompt: (event) => savePrompt(state, event),
  };
}
