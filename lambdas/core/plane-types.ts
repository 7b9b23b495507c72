/** Shapes of Plane REST resources the kit reads and writes. Plane returns more fields than listed. */

export interface PlaneUser {
  id: string;
  display_name?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  [field: string]: unknown;
}

export interface WorkItem {
  id: string;
  name: string;
  sequence_id?: number;
  project?: string;
  state?: string | { id: string; name?: string; group?: string; color?: string };
  priority?: string;
  assignees?: Array<string | PlaneUser>;
  labels?: Array<string | { id: string; name?: string; color?: string }>;
  description_html?: string;
  external_source?: string | null;
  external_id?: string | null;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

export interface WorkItemInput {
  name?: string;
  description_html?: string;
  state?: string;
  priority?: 'urgent' | 'high' | 'medium' | 'low' | 'none';
  assignees?: string[];
  labels?: string[];
  external_source?: string;
  external_id?: string;
  [field: string]: unknown;
}

export interface Comment {
  id: string;
  comment_html: string;
  issue?: string;
  project?: string;
  actor?: string;
  created_by?: string;
  access?: string;
  external_source?: string | null;
  external_id?: string | null;
  created_at?: string;
  [field: string]: unknown;
}

export interface CommentInput {
  comment_html: string;
  access?: 'INTERNAL' | 'EXTERNAL';
  external_source?: string;
  external_id?: string;
}

/**
 * The kinds of activity an agent posts to its run.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export type AgentActivityType = 'thought' | 'action' | 'response' | 'elicitation' | 'error';

export interface AgentActivityInput {
  type: AgentActivityType;
  content:
    | { type: Exclude<AgentActivityType, 'action'>; body: string }
    | { type: 'action'; action: string; parameters: Record<string, string> };
  signal?: string;
  [field: string]: unknown;
}

export interface AgentActivity {
  id: string;
  type?: string;
  [field: string]: unknown;
}

/** One page of a Plane list endpoint. */
export interface Page<T> {
  results: T[];
  nextCursor?: string;
  hasNext: boolean;
  totalCount?: number;
}

/** The result of a create that carries an external_id: `created: false` when it already existed (409). */
export interface CreateResult<T> {
  readonly created: boolean;
  readonly id?: string;
  readonly value?: T;
}
