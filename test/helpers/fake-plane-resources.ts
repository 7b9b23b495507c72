import type { PlaneClient } from '../../lambdas/core/plane-client';
import type { AgentActivityInput, Comment, Page, PlaneUser, WorkItem } from '../../lambdas/core/plane-types';

/** The arguments of each PlaneClient method, keyed by the name the fake records calls under. */
export interface FakePlaneArgs {
  request: Parameters<PlaneClient['request']>;
  me: [];
  'workItems.get': Parameters<PlaneClient['workItems']['get']>;
  'workItems.list': Parameters<PlaneClient['workItems']['list']>;
  'workItems.listAll': Parameters<PlaneClient['workItems']['listAll']>;
  'workItems.create': Parameters<PlaneClient['workItems']['create']>;
  'workItems.update': Parameters<PlaneClient['workItems']['update']>;
  'comments.list': Parameters<PlaneClient['comments']['list']>;
  'comments.create': Parameters<PlaneClient['comments']['create']>;
  'agentRuns.createActivity': Parameters<PlaneClient['agentRuns']['createActivity']>;
  'agentRuns.listActivities': Parameters<PlaneClient['agentRuns']['listActivities']>;
  'agentRuns.respond': Parameters<PlaneClient['agentRuns']['respond']>;
}

/**
 * An activity of a run the fake holds: one the handler posted (its actor is the bot), or a
 * user's prompt saved with `plane.savePrompt(event)`.
 */
export type FakeActivity = Omit<AgentActivityInput, 'type' | 'content'> & {
  readonly id: string;
  readonly runId: string;
  readonly type: AgentActivityInput['type'] | 'prompt';
  readonly content: AgentActivityInput['content'] | { readonly type: string; readonly body: string };
  readonly actor?: string;
};

/** What the fake's resources share: the records, the call recorder and an id source. */
export interface FakePlaneState {
  readonly workspaceSlug: string;
  readonly me: PlaneUser;
  readonly records: { workItems: WorkItem[]; comments: Comment[]; activities: FakeActivity[] };
  /** Records a call, then throws the failure queued for that method, if any. */
  record<M extends keyof FakePlaneArgs>(method: M, ...args: FakePlaneArgs[M]): void;
  newId(kind: string): string;
}

type External = { external_source?: string | null; external_id?: string | null };

/**
 * The record already holding this `external_source` + `external_id` in the project: Plane answers
 * 409 with its id (makeplane/plane apps/api/plane/api/views/issue.py, IssueListCreateAPIEndpoint.post
 * and IssueCommentListCreateAPIEndpoint.post filter on project, source and id).
 */
function existing<T extends { id: string } & External>(inProject: readonly T[], input: External): T | undefined {
  if (!input.external_source || !input.external_id) return undefined;
  return inProject.find((r) => r.external_source === input.external_source && r.external_id === input.external_id);
}

/** One page as Plane's paginator cuts it: cursor `per_page:page:is_prev` (apps/api/plane/utils/paginator.py). */
function pageOf<T>(items: readonly T[], perPage: number, cursor: string | undefined): Page<T> {
  const page = cursor ? Number(cursor.split(':')[1]) : 0;
  const start = page * perPage;
  return {
    results: structuredClone(items.slice(start, start + perPage)),
    nextCursor: `${perPage}:${page + 1}:0`,
    hasNext: items.length > start + perPage,
    totalCount: items.length,
  };
}

function fakeWorkItems(state: FakePlaneState): PlaneClient['workItems'] {
  const inProject = (projectId: string) => state.records.workItems.filter((item) => item.project === projectId);
  const find = (projectId: string, id: string): WorkItem => {
    const item = inProject(projectId).find((candidate) => candidate.id === id);
    if (item) return item;
    const path = `/api/v1/workspaces/${state.workspaceSlug}/projects/${projectId}/work-items/${id}/`;
    throw new Error(`Plane answered 404 to GET ${path}: seed it with createFakePlaneClient({ workItems })`);
  };
  return {
    async get(...args) {
      state.record('workItems.get', ...args);
      return structuredClone(find(args[0], args[1]));
    },
    async list(...args) {
      state.record('workItems.list', ...args);
      return pageOf(inProject(args[0]), Math.min(args[1]?.perPage ?? 100, 100), args[1]?.cursor);
    },
    async *listAll(...args) {
      state.record('workItems.listAll', ...args);
      yield* structuredClone(inProject(args[0]));
    },
    async create(...args) {
      state.record('workItems.create', ...args);
      const [project, input] = args;
      const found = existing(inProject(project), input);
      if (found) return { created: false, id: found.id };
      const item: WorkItem = {
        ...structuredClone(input),
        id: state.newId('work-item'),
        name: input.name ?? '',
        project,
      };
      state.records.workItems.push(item);
      return { created: true, id: item.id, value: structuredClone(item) };
    },
    async update(...args) {
      state.record('workItems.update', ...args);
      return structuredClone(Object.assign(find(args[0], args[1]), structuredClone(args[2])));
    },
  };
}

function fakeComments(state: FakePlaneState): PlaneClient['comments'] {
  return {
    async list(...args) {
      state.record('comments.list', ...args);
      const [project, issue] = args;
      return structuredClone(state.records.comments.filter((c) => c.project === project && c.issue === issue));
    },
    async create(...args) {
      state.record('comments.create', ...args);
      const [project, issue, input] = args;
      const found = existing(
        state.records.comments.filter((c) => c.project === project),
        input,
      );
      if (found) return { created: false, id: found.id };
      const actor = state.me.id;
      const comment: Comment = { ...structuredClone(input), id: state.newId('comment'), project, issue, actor };
      state.records.comments.push(comment);
      return { created: true, id: comment.id, value: structuredClone(comment) };
    },
  };
}

/**
 * The PlaneClient part of the fake but for `agentRuns` (fake-agent-runs.ts): every method records its
 * call, then reads or writes `state.records`.
 */
export function fakeResources(
  state: FakePlaneState,
  answer?: (...args: FakePlaneArgs['request']) => unknown,
): Omit<PlaneClient, 'agentRuns'> {
  return {
    workspaceSlug: state.workspaceSlug,
    async request<T>(...args: FakePlaneArgs['request']): Promise<T> {
      state.record('request', ...args);
      if (!answer) throw new Error(`the fake Plane client has no answer to ${args[0]} ${args[1]}: pass request`);
      // The test's own answer, typed by the test's own request<T>() call.
      return structuredClone(await answer(...args)) as T;
    },
    async me() {
      state.record('me');
      return structuredClone(state.me);
    },
    workItems: fakeWorkItems(state),
    comments: fakeComments(state),
  };
}
