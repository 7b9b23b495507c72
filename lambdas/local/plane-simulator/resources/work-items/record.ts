export type Priority = 'urgent' | 'high' | 'medium' | 'low' | 'none';

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

declare module '../../simulator-data' {
  interface SimulatorCollections {
    readonly workItems: SimWorkItem[];
  }
}
