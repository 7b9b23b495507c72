export type CommentAccess = 'INTERNAL' | 'EXTERNAL';

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
  /** The thread's root comment for a reply (Plane's web app and an agent's replies), else null. */
  parent: string | null;
  created_at: number;
  updated_at: number;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly comments: SimComment[];
  }
}
