/**
 * The simulator's in-memory records. Timestamps are epoch milliseconds; serializers turn them
 * into Plane's ISO strings. Field names follow Plane's models where a record maps onto one.
 */

export type Priority = 'urgent' | 'high' | 'medium' | 'low' | 'none';
export type StateGroup = 'backlog' | 'unstarted' | 'started' | 'completed' | 'cancelled';
type InstallationStatus = 'pending' | 'installed' | 'failed' | 'reauthorize' | 'uninstalled';
export type AgentRunStatus =
  | 'created'
  | 'in_progress'
  | 'awaiting'
  | 'completed'
  | 'stopping'
  | 'stopped'
  | 'failed'
  | 'stale';
export type AgentActivityType = 'thought' | 'action' | 'response' | 'elicitation' | 'error' | 'prompt';
export type CommentAccess = 'INTERNAL' | 'EXTERNAL';

export interface SimUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  avatar: string;
  avatar_url: string | null;
  is_bot: boolean;
}

interface SimWorkspace {
  id: string;
  slug: string;
  name: string;
  logo_url: string | null;
  owner: string;
  /** Member user ids, the human first; installed app bots join here. */
  members: string[];
  created_at: number;
}

/** The registered app (what "Build your own" creates). */
interface SimApplication {
  id: string;
  name: string;
  slug: string;
  client_id: string;
  agent_mentions: boolean;
}

export interface SimProject {
  id: string;
  identifier: string;
  name: string;
  description: string;
  workspace: string;
  members: string[];
  default_state: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface SimState {
  id: string;
  name: string;
  color: string;
  group: StateGroup;
  sequence: number;
  default: boolean;
  project: string;
  workspace: string;
}

export interface SimLabel {
  id: string;
  name: string;
  color: string;
  description: string;
  project: string;
  workspace: string;
  created_at: number;
}

export interface SimWorkItem {
  id: string;
  name: string;
  description_html: string;
  priority: Priority;
  state: string;
  assignees: string[];
  labels: string[];
  sequence_id: number;
  sort_order: number;
  start_date: string | null;
  target_date: string | null;
  parent: string | null;
  external_source: string | null;
  external_id: string | null;
  project: string;
  workspace: string;
  created_by: string;
  updated_by: string;
  created_at: number;
  updated_at: number;
}

export interface SimComment {
  id: string;
  comment_html: string;
  comment_stripped: string;
  issue: string;
  project: string;
  workspace: string;
  actor: string;
  access: CommentAccess;
  external_source: string | null;
  external_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface SimAgentRun {
  id: string;
  agent_user: string;
  installation: string;
  comment: string;
  source_comment: string;
  creator: string;
  issue: string;
  project: string;
  workspace: string;
  status: AgentRunStatus;
  type: 'comment_thread';
  started_at: number;
  ended_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SimAgentActivity {
  id: string;
  agent_run: string;
  type: AgentActivityType;
  content: Record<string, unknown>;
  signal: string;
  ephemeral: boolean;
  comment: string | null;
  actor: string;
  project: string;
  workspace: string;
  created_at: number;
  updated_at: number;
}

export interface SimInstallation {
  id: string;
  workspace: string;
  application: string;
  installed_by: string;
  app_bot: string;
  /** The id of the webhook Plane subscribes for the app: the envelopes' `webhook_id`. */
  webhook: string;
  status: InstallationStatus;
  created_at: number;
  updated_at: number;
}

/** Everything the simulated Plane holds: read it from tests and the local-mode console. */
export interface SimulatorData {
  readonly workspace: SimWorkspace;
  readonly application: SimApplication;
  /** The seeded human user, owner of the API key and the one who approves installs. */
  readonly human: SimUser;
  /** Humans and app bots. */
  readonly users: SimUser[];
  readonly projects: SimProject[];
  readonly states: SimState[];
  readonly labels: SimLabel[];
  readonly workItems: SimWorkItem[];
  readonly comments: SimComment[];
  readonly agentRuns: SimAgentRun[];
  readonly agentActivities: SimAgentActivity[];
  readonly installations: SimInstallation[];
}
