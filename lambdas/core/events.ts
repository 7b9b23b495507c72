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
  issue?: string | null;
  project?: string | null;
  workspace?: string;
  /** The run's thread: the comment that opened it. */
  comment?: string | null;
  /** Who started the run. The server leaves `created_by` null (the run is made in a worker). */
  creator?: string | null;
  created_by?: string | null;
  [field: string]: unknown;
}

/**
 * `agent_run_create`: someone mentioned the app and Plane opened an agent run. Informational: the
 * same mention also sends `agent_run_user_prompt`, in either order; answer that one.
 */
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

/**
 * The prompt activity of an `agent_run_user_prompt`. `content.body` is the comment's HTML, the
 * mention included (the server), or plain text (the docs); the Stop button's prompt has
 * `signal: "stop"` and a body that differs between the two, so read `signal`, not the body.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export interface AgentPromptActivity {
  id?: string;
  content?: { type?: string; body?: string; [field: string]: unknown };
  signal?: string;
  /**
   * `prompt`. Plane sends any activity not posted by the run's bot under this event, so an
   * activity posted with a user's token comes back here as its own type (`response`, ...).
   */
  type?: string;
  /** The user who wrote the prompt or pressed Stop. */
  actor?: string;
  /** The user's comment (null for Stop). */
  comment?: string | null;
  [field: string]: unknown;
}

/** `agent_run_user_prompt`: a prompt in an agent run: the first mention, a reply in its thread, or Stop. */
export interface AgentPromptData {
  type?: string;
  action?: string;
  agent_run_activity: AgentPromptActivity;
  agent_run: AgentRun;
  agent_user_id?: string;
  comment_id?: string | null;
  issue_id?: string | null;
  project_id?: string | null;
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
  /**
   * `created`, `updated`, `deleted` (normalised from `create`/`update`/`delete`). Agent events take
   * the payload's own action (`created`, `prompted`), not the envelope's (always `created`).
   */
  readonly action?: string;
  /**
   * Other names the event routes under: an agent prompt is `agent_run_user_prompt.prompted` and
   * also `agent_run_user_prompt.created`, whether it came wrapped or bare.
   */
  readonly aliases?: readonly string[];
  readonly version: EventVersion;
  readonly workspaceId: string;
  readonly webhookId?: string;
  /** v2 only: Plane's stable event id. */
  readonly eventId?: string;
  readonly data: D;
  readonly activity?: PlaneActivity;
  /** v2 only: the attributes an update changed, with their old values. */
  readonly previousAttributes?: Record<string, unknown>;
  /**
   * The user (or bot) whose change caused the event, when Plane says. For agent events: the
   * prompt's actor, else the run's `creator`.
   */
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
  'agent_run_create.created': PlaneEvent<AgentRunData>;
  agent_run_user_prompt: PlaneEvent<AgentPromptData>;
  'agent_run_user_prompt.prompted': PlaneEvent<AgentPromptData>;
  'agent_run_user_prompt.created': PlaneEvent<AgentPromptData>;
}

export type EventName = keyof KnownEvents | (string & {});

export type EventFor<N extends string> = N extends keyof KnownEvents ? KnownEvents[N] : PlaneEvent;
