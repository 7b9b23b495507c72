import { randomUUID } from 'node:crypto';
import { seedCollections } from './resources';
import type { SimUser } from './resources/members/record';
import type { SimulatorData } from './simulator-data';

/** What the seed needs to know about the simulated app and workspace. */
export interface SeedOptions {
  workspaceSlug: string;
  appName: string;
  clientId: string;
  agentMentions: boolean;
  now: number;
}

function titleCase(slug: string): string {
  return slug.charAt(0).toUpperCase() + slug.slice(1);
}

function seedHuman(): SimUser {
  return {
    id: randomUUID(),
    email: 'ada@example.com',
    first_name: 'Ada',
    last_name: 'Lovelace',
    display_name: 'ada',
    avatar: '',
    avatar_url: null,
    is_bot: false,
  };
}

/**
 * Builds a fresh workspace: one human user and the app's registration, then each resource's
 * seed (resources/index.ts): a project with states and labels, work items, ... Every id is a
 * new uuid v4.
 */
export function createSeedData(options: SeedOptions): SimulatorData {
  const { now } = options;
  const human = seedHuman();
  const base = {
    workspace: {
      id: randomUUID(),
      slug: options.workspaceSlug,
      name: titleCase(options.workspaceSlug),
      logo_url: null,
      owner: human.id,
      members: [human.id],
      created_at: now,
    },
    application: {
      id: randomUUID(),
      name: options.appName,
      slug:
        options.appName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'app',
      client_id: options.clientId,
      agent_mentions: options.agentMentions,
    },
    human,
    installations: [],
  };
  return { ...base, ...seedCollections(base, now) };
}
