import { randomUUID } from 'node:crypto';
import type { SimulatorCollections } from '../../simulator-data';
import { type SeedingData, seededList } from '../resource';
import type { Priority, SimWorkItem } from './record';

const ITEMS: ReadonlyArray<[string, Priority, string, string[]]> = [
  ['Set up the landing page', 'high', 'In Progress', ['feature']],
  ['Fix the login redirect loop', 'urgent', 'Todo', ['bug']],
  ['Write the café menu page (é, ü, 😀)', 'low', 'Backlog', ['documentation']],
];

/** Three work items in the first project, assigned to the human, one of them with non-ASCII text. */
export function seedWorkItems(data: SeedingData, now: number): Pick<SimulatorCollections, 'workItems'> {
  const [project] = seededList(data, 'projects');
  const states = seededList(data, 'states');
  const labels = seededList(data, 'labels');
  const byName = <T extends { name: string; id: string }>(list: readonly T[], name: string): string =>
    list.find((item) => item.name === name)?.id ?? list[0].id;
  const workItems: SimWorkItem[] = ITEMS.map(([name, priority, state, labelNames], index) => ({
    id: randomUUID(),
    name,
    description_html: `<p>${name}.</p>`,
    priority,
    state: byName(states, state),
    assignees: [data.human.id],
    labels: labelNames.map((label) => byName(labels, label)),
    sequence_id: index + 1,
    sort_order: 65535 * (index + 1),
    start_date: null,
    target_date: null,
    parent: null,
    external_source: null,
    external_id: null,
    project: project.id,
    workspace: data.workspace.id,
    created_by: data.human.id,
    updated_by: data.human.id,
    // Older items first, a minute apart, so the default `-created_at` order is stable.
    created_at: now - (ITEMS.length - index) * 60_000,
    updated_at: now - (ITEMS.length - index) * 60_000,
  }));
  return { workItems };
}
