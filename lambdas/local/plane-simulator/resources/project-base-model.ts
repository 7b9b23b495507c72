/** The fields every record of Plane's `ProjectBaseModel` keeps (db/models/project.py, db/models/base.py). */
export interface ProjectBaseFields {
  project: string;
  workspace: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

/** What a project's record gets when it is created: who made it, when, and where. */
export interface CreatedInProject {
  project: string;
  workspace: string;
  created_by: string;
  updated_by: null;
  created_at: number;
  updated_at: number;
}

/**
 * The fields Plane's base models fill in when a record in a project is created through the API:
 * `ProjectBaseModel.save` copies the project's workspace, and `BaseModel.save` sets `created_by`
 * to the request's user and leaves `updated_by` empty (db/models/project.py, db/models/base.py).
 */
export function createdInProject(
  project: { readonly id: string; readonly workspace: string },
  userId: string,
  now: number,
): CreatedInProject {
  return {
    project: project.id,
    workspace: project.workspace,
    created_by: userId,
    updated_by: null,
    created_at: now,
    updated_at: now,
  };
}
