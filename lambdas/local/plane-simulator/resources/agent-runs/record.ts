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

declare module '../../simulator-data' {
  interface SimulatorCollections {
    /** Agent runs started by mentions of an app's bot, oldest first. */
    readonly agentRuns: SimAgentRun[];
    readonly agentActivities: SimAgentActivity[];
  }
}
