import type { SimCall } from '../context';
import type { JsonObject } from '../format/python-json';
import { isoTimestamp } from '../format/timestamps';
import { jsonResponse, type SimResponse } from '../http/response';
import type { SimInstallation, SimulatorData } from '../simulator-data';

/** One item of `GET /auth/o/app-installation/`. */
function installationJson(installation: SimInstallation, data: SimulatorData): JsonObject {
  const { workspace } = data;
  return {
    id: installation.id,
    workspace_detail: { name: workspace.name, slug: workspace.slug, id: workspace.id, logo_url: workspace.logo_url },
    created_at: isoTimestamp(installation.created_at),
    updated_at: isoTimestamp(installation.updated_at),
    deleted_at: null,
    status: installation.status,
    created_by: installation.installed_by,
    updated_by: installation.installed_by,
    workspace: installation.workspace,
    application: installation.application,
    installed_by: installation.installed_by,
    app_bot: installation.app_bot,
    webhook: installation.webhook,
  };
}

/** `GET /auth/o/app-installation/?id=`: a JSON array, empty for an unknown id. */
export function getInstallations({ ctx, req }: SimCall): SimResponse {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? ctx.tokens.authenticate(header.slice(7).trim()) : undefined;
  if (!token) return jsonResponse(401, { detail: 'Authentication credentials were not provided.' });
  const id = req.url.searchParams.get('id');
  const mine = ctx.data.installations.filter(
    (item) => item.application === ctx.data.application.id && (id === null || item.id === id),
  );
  return jsonResponse(
    200,
    mine.map((item) => installationJson(item, ctx.data)),
  );
}
