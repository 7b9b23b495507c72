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

/**
 * An activity to post to a run. Plane checks `content` (a non-empty `body`; for an `action`, an
 * `action` name and non-empty string-to-string `parameters`); send `content.type` equal to `type`.
 * A non-ephemeral activity becomes the comment `<p>{body}</p>`, inserted raw (no Markdown, no
 * escaping): escape `<` and `&` in text.
 */
export interface AgentActivityInput {
  type: AgentActivityType;
  content:
    | { type: Exclude<AgentActivityType, 'action'>; body: string }
    | { type: 'action'; action: string; parameters: Record<string, string> };
  signal?: string;
  signal_metadata?: Record<string, unknown>;
  content_metadata?: Record<string, unknown>;
  ephemeral?: boolean;
  [field: string]: unknown;
}

/** An activity of a run as Plane lists it: the user's prompts and the agent's activities. */
export interface AgentActivity {
  id: string;
  /** `prompt` (from users), `thought`, `action`, `response`, `elicitation` or `error`. */
  type?: string;
  content?: { type?: string; body?: string; [field: string]: unknown };
  content_metadata?: Record<string, unknown> | null;
  signal?: string;
  actor?: string;
  created_at?: string;
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
