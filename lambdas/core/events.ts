/**
 * Typed shapes of what Plane sends. Plane adds fields over time, so every data type keeps an
 * index signature: handlers get names for the fields the kit knows and can still read the rest.
 */

/**
 * Who did something in Plane (an activity's actor).
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface PlaneActor {
  id: string;
  display_name?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  avatar?: string;
  avatar_url?: string;
  [field: string]: unknown;
}

export interface PlaneActivity {
  field?: string | null;
  new_value?: unknown;
  old_value?: unknown;
  actor?: PlaneActor;
  old_identifier?: string | null;
  new_identifier?: string | null;
  [field: string]: unknown;
}

/**
 * A work item's state as webhooks carry it.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface PlaneState {
  id: string;
  name?: string;
  color?: string;
  group?: string;
}

/**
 * The `data` of a work-item (`issue`) webhook.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface WorkItemData {
  id: string;
  name?: string;
  sequence_id?: number;
  project?: string;
  workspace?: string;
  state?: PlaneState | string | null;
  priority?: string | null;
  assignees?: unknown[];
  labels?: unknown[];
  description_html?: string | null;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

export interface CommentData {
  id: string;
  comment_html?: string | null;
  issue?: string;
  project?: string;
  workspace?: string;
  actor?: string;
  access?: string;
  created_by?: string;
  [field: string]: unknown;
}

/**
 * The agent run an agent webhook belongs to.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface AgentRun {
  id: string;
  status?: string;
  issue?: string;
  project?: string;
  workspace?: string;
  comment?: string;
  [field: string]: unknown;
}

/** `agent_run_create`: someone mentioned the app and Plane opened an agent run. */
export interface AgentRunData {
  type?: string;
  agent_run: AgentRun;
  agent_user_id?: string;
  app_client_id?: string;
  issue_id?: string;
  project_id?: string;
  workspace_id?: string;
  comment_id?: string;
  [field: string]: unknown;
}

/** `agent_run_user_prompt`: a follow-up prompt (or a stop signal) in an agent run. */
export interface AgentPromptData {
  type?: string;
  action?: string;
  agent_run_activity: {
    id?: string;
    content?: { type?: string; body?: string; [field: string]: unknown };
    signal?: string;
    [field: string]: unknown;
  };
  agent_run: AgentRun;
  workspace_id?: string;
  [field: string]: unknown;
}

export type EventVersion = 'v1' | 'v2' | 'agent';

/** One webhook, parsed. `D` is the type of `data`. */
export interface PlaneEvent<D = Record<string, unknown>> {
  /** Routing name: `event.action` (`issue.created`), or `event` alone when there is no action. */
  readonly name: string;
  /** The resource (`issue`, `issue_comment`, `project`, `cycle`, `module`, `agent_run_create`, ...). */
  readonly event: string;
  /** `created`, `updated`, `deleted` (normalised from `create`/`update`/`delete`), or `prompted`. */
  readonly action?: string;
  readonly version: EventVersion;
  readonly workspaceId: string;
  readonly webhookId?: string;
  /** v2 only: Plane's stable event id. */
  readonly eventId?: string;
  readonly data: D;
  readonly activity?: PlaneActivity;
  /** v2 only: the attributes an update changed, with their old values. */
  readonly previousAttributes?: Record<string, unknown>;
  /** The user (or bot) whose change caused the event, when Plane says. */
  readonly actorId?: string;
  /** The parsed body as Plane sent it. */
  readonly payload: Record<string, unknown>;
}

/**
 * Event names the kit knows the data type of. Any other name routes with untyped data.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface KnownEvents {
  issue: PlaneEvent<WorkItemData>;
  'issue.created': PlaneEvent<WorkItemData>;
  'issue.updated': PlaneEvent<WorkItemData>;
  'issue.deleted': PlaneEvent<{ id: string }>;
  issue_comment: PlaneEvent<CommentData>;
  'issue_comment.created': PlaneEvent<CommentData>;
  'issue_comment.updated': PlaneEvent<CommentData>;
  'issue_comment.deleted': PlaneEvent<{ id: string }>;
  agent_run_create: PlaneEvent<AgentRunData>;
  agent_run_user_prompt: PlaneEvent<AgentPromptData>;
  'agent_run_user_prompt.prompted': PlaneEvent<AgentPromptData>;
}

export type EventName = keyof KnownEvents | (string & {});

export type EventFor<N extends string> = N extends keyof KnownEvents ? KnownEvents[N] : PlaneEvent;
