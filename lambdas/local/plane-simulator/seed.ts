import { randomUUID } from 'node:crypto';
import type { Priority, SimLabel, SimState, SimUser, SimulatorData, SimWorkItem, StateGroup } from './records';

/** What the seed needs to know about the simulated app and workspace. */
export interface SeedOptions {
  workspaceSlug: string;
  appName: string;
  clientId: string;
  agentMentions: boolean;
  now: number;
}

const STATES: ReadonlyArray<[string, string, StateGroup]> = [
  ['Backlog', '#60646C', 'backlog'],
  ['Todo', '#60646C', 'unstarted'],
  ['In Progress', '#F59E0B', 'started'],
  ['Done', '#46A758', 'completed'],
  ['Cancelled', '#9AA4BC', 'cancelled'],
];

const LABELS: ReadonlyArray<[string, string]> = [
  ['bug', '#E5484D'],
  ['feature', '#3E63DD'],
  ['documentation', '#8E4EC6'],
];

const ITEMS: ReadonlyArray<[string, Priority, string, string[]]> = [
  ['Set up the landing page', 'high', 'In Progress', ['feature']],
  ['Fix the login redirect loop', 'urgent', 'Todo', ['bug']],
  ['Write the café menu page (é, ü, 😀)', 'low', 'Backlog', ['documentation']],
];

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
 * Builds a fresh workspace: one human user, one project (`WEB`) with Plane's five default
 * states, three labels and three work items. Every id is a new uuid v4.
 */
export function createSeedData(options: SeedOptions): SimulatorData {
  const { now } = options;
  const human = seedHuman();
  const workspaceId = randomUUID();
  const projectId = randomUUID();
  const states: SimState[] = STATES.map(([name, color, group], index) => ({
    id: randomUUID(),
    name,
    color,
    group,
    sequence: (index + 1) * 15000,
    default: group === 'backlog',
    project: projectId,
    workspace: workspaceId,
  }));
  const labels: SimLabel[] = LABELS.map(([name, color]) => ({
    id: randomUUID(),
    name,
    color,
    description: '',
    project: projectId,
    workspace: workspaceId,
    created_at: now,
  }));
  const byName = <T extends { name: string; id: string }>(list: T[], name: string): string =>
    list.find((item) => item.name === name)?.id ?? list[0].id;
  const workItems: SimWorkItem[] = ITEMS.map(([name, priority, state, labelNames], index) => ({
    id: randomUUID(),
    name,
    description_html: `<p>${name}.</p>`,
    priority,
    state: byName(states, state),
    assignees: [human.id],
    labels: labelNames.map((label) => byName(labels, label)),
    sequence_id: index + 1,
    sort_order: 65535 * (index + 1),
    start_date: null,
    target_date: null,
    parent: null,
    external_source: null,
    external_id: null,
    project: projectId,
    workspace: workspaceId,
    created_by: human.id,
    updated_by: human.id,
    // Older items first, a minute apart, so the default `-created_at` order is stable.
    created_at: now - (ITEMS.length - index) * 60_000,
    updated_at: now - (ITEMS.length - index) * 60_000,
  }));
  return {
    workspace: {
      id: workspaceId,
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
    users: [human],
    projects: [
      {
        id: projectId,
        identifier: 'WEB',
        name: 'Website',
        description: 'The company website.',
        workspace: workspaceId,
        members: [human.id],
        default_state: byName(states, 'Backlog'),
        created_by: human.id,
        created_at: now,
        updated_at: now,
      },
    ],
    states,
    labels,
    workItems,
    comments: [],
    agentRuns: [],
    agentActivities: [],
    installations: [],
  };
}
