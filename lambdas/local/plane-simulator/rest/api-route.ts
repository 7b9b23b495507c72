import type { SimCall } from '../context';
import type { PyJson } from '../format/python-json';
import { httpError, SimHttpError } from '../http/http-io';
import { jsonResponse, type SimResponse } from '../http/response';
import type { Route } from '../http/router';
import type { SimUser } from '../resources/members/record';

/** One `/api/v1` call after authentication. */
export interface ApiCall extends SimCall {
  /** The authenticated caller: the human (API key or user token) or an app bot. */
  readonly user: SimUser;
}

/** A REST route; `pattern` is relative to `/api/v1`. */
export type ApiRoute = Route<ApiCall>;

export const ok = (body: PyJson): SimResponse => jsonResponse(200, body);
export const created = (body: PyJson): SimResponse => jsonResponse(201, body);

/** Plane's answer for a missing object (its base view maps ObjectDoesNotExist to this). */
export function notFound(): SimHttpError {
  return httpError(404, 'The required object does not exist.');
}

/** DRF's permission-denied answer. */
export function forbidden(): SimHttpError {
  return new SimHttpError(403, { detail: 'You do not have permission to perform this action.' });
}

/** Checks the slug and that the caller is a member of the workspace. */
export function workspaceOf(call: ApiCall): void {
  const { workspace } = call.ctx.data;
  if (call.params.slug !== workspace.slug) throw httpError(404, 'Workspace not found');
  if (!workspace.members.includes(call.user.id)) {
    throw httpError(403, 'You do not have permission to perform this action.');
  }
}
