// The models of EE apps/api/plane/agents/models/agent_run.py (`AgentRun`, `AgentRunActivity`),
// field for field. Timestamps are epoch milliseconds; the serializers write Plane's ISO form.

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
export type AgentSignal = 'auth_request' | 'continue' | 'select' | 'stop';

/** A JSON object as Plane keeps it in a `JSONField`. */
export type JsonRecord = { [key: string]: unknown };

export interface SimAgentRun {
  id: string;
  agent_user: string;
  /** The installation whose bot runs it (not a Plane field: it picks the webhook to send to). */
  installation: string;
  /** The thread's root comment; null for a run made through the API. */
  comment: string | null;
  source_comment: string | null;
  /** Who started it. `created_by` stays null: Plane makes runs in a worker, with no request user. */
  creator: string;
  created_by: string | null;
  updated_by: string | null;
  stopped_at: number | null;
  stopped_by: string | null;
  started_at: number;
  ended_at: number | null;
  external_link: string | null;
  issue: string | null;
  project: string | null;
  workspace: string;
  status: AgentRunStatus;
  error_metadata: JsonRecord | null;
  type: 'comment_thread';
  created_at: number;
  updated_at: number;
}

export interface SimAgentActivity {
  id: string;
  agent_run: string;
  type: AgentActivityType;
  content: JsonRecord;
  content_metadata: JsonRecord;
  ephemeral: boolean;
  signal: AgentSignal;
  signal_metadata: JsonRecord;
  /** The comment it made (the bot's reply) or came from (a user's prompt); null otherwise. */
  comment: string | null;
  /** The bot for the agent's activities, the user for prompts. */
  actor: string;
  created_by: string | null;
  updated_by: string | null;
  project: string | null;
  workspace: string;
  created_at: number;
  updated_at: number;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    /** Agent runs started by mentions of an app's bot, oldest first. */
    readonly agentRuns: SimAgentRun[];
    /** Every run's activities (prompts and the agent's), oldest first. */
    readonly agentActivities: SimAgentActivity[];
  }
}
