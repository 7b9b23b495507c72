import { escapeHtml } from '../core/html-page';
import type { PlaneClient } from '../core/plane-client';
import type { WorkItem } from '../core/plane-types';

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
type Priority = (typeof PRIORITIES)[number];

/** Where a command runs: the work item it was asked on and who asked. */
export interface CommandContext {
  readonly plane: PlaneClient;
  readonly projectId: string;
  readonly workItemId: string;
  /** The user who asked (for `assign me`). */
  readonly askedBy?: string;
  readonly now: number;
}

/** A reply: HTML for a comment, plain text, and the body of an agent-run activity. */
export interface Reply {
  readonly html: string;
  readonly text: string;
  /**
   * For an agent activity: Plane writes the comment as `<p>{body}</p>` with the body inserted raw
   * (EE apps/api/plane/agents/utils/handlers/run_agent_activity.py), so the lines are escaped and
   * joined with `<br>`.
   */
  readonly activityBody: string;
}

const reply = (lines: string[]): Reply => ({
  html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  text: lines.join('\n'),
  activityBody: lines.map(escapeHtml).join('<br>'),
});

const HELP = reply([
  'Here is what I can do on this work item:',
  '• help: this list',
  '• summary: its state, priority, assignees, labels and age',
  '• priority <urgent|high|medium|low|none>: change its priority',
  '• assign me: add you to its assignees',
]);

const nameOf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return String(record.display_name ?? record.name ?? record.email ?? record.id ?? '?');
  }
  return '?';
};

function age(createdAt: string | undefined, now: number): string {
  const created = createdAt ? Date.parse(createdAt) : Number.NaN;
  if (Number.isNaN(created)) return 'unknown';
  const hours = Math.max(0, Math.floor((now - created) / 3_600_000));
  if (hours < 24) return hours === 1 ? '1 hour' : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

function summarise(item: WorkItem, now: number): Reply {
  const list = (values: unknown[] | undefined) =>
    values && values.length > 0 ? values.map(nameOf).join(', ') : 'none';
  return reply([
    `Summary of "${item.name}"${item.sequence_id !== undefined ? ` (#${item.sequence_id})` : ''}:`,
    `• State: ${item.state ? nameOf(item.state) : 'none'}`,
    `• Priority: ${item.priority ?? 'none'}`,
    `• Assignees: ${list(item.assignees)}`,
    `• Labels: ${list(item.labels)}`,
    `• Age: ${age(item.created_at, now)}`,
  ]);
}

const idOf = (value: string | { id: string }): string => (typeof value === 'string' ? value : value.id);

/** Runs one command (`help`, `summary`, `priority <level>`, `assign me`) and returns the reply. */
export async function runCommand(input: string, ctx: CommandContext): Promise<Reply> {
  const words = input.toLowerCase().split(/\s+/).filter(Boolean);
  const [verb, argument] = words;
  if (!verb || verb === 'help') return HELP;
  if (verb === 'summary') {
    const item = await ctx.plane.workItems.get(ctx.projectId, ctx.workItemId, {
      expand: ['state', 'assignees', 'labels'],
    });
    return summarise(item, ctx.now);
  }
  if (verb === 'priority') {
    if (!argument || !(PRIORITIES as readonly string[]).includes(argument)) {
      return reply([`"${argument ?? ''}" is not a priority. Use one of: ${PRIORITIES.join(', ')}.`]);
    }
    await ctx.plane.workItems.update(ctx.projectId, ctx.workItemId, { priority: argument as Priority });
    return reply([`Done: priority is now ${argument}.`]);
  }
  if (verb === 'assign' && argument === 'me') {
    if (!ctx.askedBy) return reply(['I could not tell who asked, so I did not assign anyone.']);
    const item = await ctx.plane.workItems.get(ctx.projectId, ctx.workItemId);
    const assignees = (item.assignees ?? []).map((value) => idOf(value as string | { id: string }));
    if (assignees.includes(ctx.askedBy)) return reply(['You are already assigned to this work item.']);
    await ctx.plane.workItems.update(ctx.projectId, ctx.workItemId, { assignees: [...assignees, ctx.askedBy] });
    return reply(['Done: you are now assigned to this work item.']);
  }
  return reply([`I don't know "${input.slice(0, 80)}".`, ...HELP.text.split('\n')]);
}
