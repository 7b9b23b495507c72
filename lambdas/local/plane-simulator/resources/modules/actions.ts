import { randomUUID } from 'node:crypto';
import type { ActionContext } from '../../context';
import { httpError, SimHttpError } from '../../http/http-io';
import { externalIdConflict, withExternalId } from '../../rest/external-id';
import { applyUpdate } from '../../webhooks/field-changes';
import type { SimUser } from '../members/record';
import { createdInProject } from '../project-base-model';
import type { SimProject } from '../projects/record';
import { firstSortOrder } from '../work-item-groups';
import { parseModuleChanges } from './input';
import type { SimModule } from './record';
import { moduleJson } from './serializer';

function namesake(ctx: ActionContext, module: { project: string; name?: string; id?: string }): SimModule | undefined {
  return ctx.data.modules.find(
    (other) => other.project === module.project && other.name === module.name && other.id !== module.id,
  );
}

/**
 * `POST /modules/` (api/views/module.py): the serializer's checks, 409 on a repeated external id,
 * a 400 naming the module that already has the name (ModuleCreateSerializer.create), then a
 * `module` `created` webhook.
 */
export function createModule(
  ctx: ActionContext,
  actor: SimUser,
  project: SimProject,
  body: Record<string, unknown>,
): SimModule {
  const { data } = ctx;
  const changes = parseModuleChanges(body, data, project, true);
  const existing = withExternalId(data.modules, project.id, body.external_source, body.external_id);
  if (existing) throw externalIdConflict('Module', existing.id);
  const other = namesake(ctx, { project: project.id, name: changes.name });
  if (other) {
    const message = 'Module with this name already exists';
    throw new SimHttpError(400, { id: other.id, code: 'MODULE_NAME_ALREADY_EXISTS', error: message, message });
  }
  const now = ctx.clock();
  const module: SimModule = {
    id: randomUUID(),
    name: '',
    description: '',
    start_date: null,
    target_date: null,
    status: 'planned',
    lead: null,
    members: [],
    sort_order: firstSortOrder(data.modules.filter((sibling) => sibling.project === project.id)),
    external_source: null,
    external_id: null,
    ...changes,
    ...createdInProject(project, actor.id, now),
  };
  data.modules.push(module);
  ctx.webhooks.emit('module', 'created', moduleJson(module), { actor });
  return module;
}

/**
 * `PATCH /modules/{id}/` (api/views/module.py): the serializer's checks, 409 (naming this module,
 * as Plane's does) on an external id another module has, 400 on a name another module has, then
 * one `module` `updated` webhook per changed field.
 */
export function updateModule(
  ctx: ActionContext,
  actor: SimUser,
  project: SimProject,
  module: SimModule,
  body: Record<string, unknown>,
): SimModule {
  const changes = parseModuleChanges(body, ctx.data, project, false);
  const source = body.external_source ?? module.external_source;
  if (
    body.external_id !== module.external_id &&
    withExternalId(ctx.data.modules, project.id, source, body.external_id)
  ) {
    throw externalIdConflict('Module', module.id);
  }
  if (changes.name !== undefined && namesake(ctx, { ...module, name: changes.name })) {
    throw httpError(400, 'Module with this name already exists');
  }
  return applyUpdate(ctx, { event: 'module', actor, record: module, changes, requested: body }, moduleJson);
}
