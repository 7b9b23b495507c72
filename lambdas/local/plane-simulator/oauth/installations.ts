import { randomUUID } from 'node:crypto';
import type { SimUser } from '../resources/members/record';
import type { SimInstallation, SimulatorData } from '../simulator-data';

/**
 * Installs the app in the workspace as Plane does on consent: an installation in `installed`
 * state, a bot user (`app_bot`) that joins the workspace and every project, and a webhook
 * subscription (its id is the envelopes' `webhook_id`). Installing again re-activates the same
 * installation and bot.
 */
export function installApp(data: SimulatorData, installedBy: string, now: number): SimInstallation {
  const existing = data.installations.find((item) => item.application === data.application.id);
  if (existing) {
    existing.status = 'installed';
    existing.updated_at = now;
    addMember(data, existing.app_bot);
    return existing;
  }
  const bot: SimUser = {
    id: randomUUID(),
    email: `${data.application.slug}-bot@plane-bots.local`,
    first_name: data.application.name,
    last_name: 'Bot',
    display_name: `${data.application.name} Bot`,
    avatar: '',
    avatar_url: null,
    is_bot: true,
  };
  data.users.push(bot);
  addMember(data, bot.id);
  const installation: SimInstallation = {
    id: randomUUID(),
    workspace: data.workspace.id,
    application: data.application.id,
    installed_by: installedBy,
    app_bot: bot.id,
    webhook: randomUUID(),
    status: 'installed',
    created_at: now,
    updated_at: now,
  };
  data.installations.push(installation);
  return installation;
}

function addMember(data: SimulatorData, userId: string): void {
  if (!data.workspace.members.includes(userId)) data.workspace.members.push(userId);
  for (const project of data.projects) {
    if (!project.members.includes(userId)) project.members.push(userId);
  }
}

/** Marks an installation uninstalled and takes its bot out of the workspace and projects. */
export function uninstallApp(data: SimulatorData, installationId: string, now: number): SimInstallation | undefined {
  const installation = data.installations.find((item) => item.id === installationId);
  if (!installation) return undefined;
  installation.status = 'uninstalled';
  installation.updated_at = now;
  const bot = installation.app_bot;
  data.workspace.members.splice(0, data.workspace.members.length, ...data.workspace.members.filter((id) => id !== bot));
  for (const project of data.projects) {
    project.members.splice(0, project.members.length, ...project.members.filter((id) => id !== bot));
  }
  return installation;
}
