import { escapeHtml } from '../core/html-page';
import { readableText } from './console-text';
import type { SimulatorData } from './plane-simulator';

type SimAgentRun = SimulatorData['agentRuns'][number];
type SimAgentActivity = SimulatorData['agentActivities'][number];

const LABELS: Readonly<Record<string, string>> = {
  prompt: 'Prompt',
  thought: 'Thought',
  action: 'Action',
  response: 'Response',
  elicitation: 'Question',
  error: 'Error',
};

/** Badge colour by run status (Plane's statuses; one it adds later gets the neutral badge). */
const STATUS_CLASS: Readonly<Record<string, string>> = {
  completed: 'ok',
  failed: 'bad',
  stale: 'bad',
  stopped: 'bad',
  created: 'wait',
  in_progress: 'wait',
  awaiting: 'wait',
  stopping: 'wait',
};

/** An activity's text, read loosely: `content.body` (rich text), an action's name and parameters, or its JSON. */
function activityText(content: unknown): string {
  if (typeof content !== 'object' || content === null) return String(content ?? '');
  const record = content as Record<string, unknown>;
  if (typeof record.body === 'string') return readableText(record.body);
  if (typeof record.action === 'string') {
    const parameters = typeof record.parameters === 'object' && record.parameters !== null ? record.parameters : {};
    const list = Object.entries(parameters).map(([name, value]) => `${name}=${String(value)}`);
    return `${record.action}(${list.join(', ')})`;
  }
  return JSON.stringify(content);
}

function renderActivity(activity: SimAgentActivity): string {
  const label = LABELS[activity.type] ?? String(activity.type);
  const signal = activity.signal && activity.signal !== 'continue' ? ` (signal: ${activity.signal})` : '';
  const type = escapeHtml(String(activity.type));
  return (
    `<li class="activity-${type}"><b>${escapeHtml(label)}</b>${escapeHtml(signal)}: ` +
    `${escapeHtml(activityText(activity.content))}</li>`
  );
}

/**
 * One agent run as the console shows it: its status, then its activities in order (each prompt,
 * the thoughts, the response). The prompt of the thread's first comment is left out: the comment
 * is shown just above. Written against the records' fields only and tolerant of values it does
 * not know, as Plane and the simulator may add statuses and activity types.
 */
export function renderAgentRun(run: SimAgentRun, activities: readonly SimAgentActivity[], botName: string): string {
  const own = activities
    .filter(
      (activity) => activity.agent_run === run.id && !(activity.type === 'prompt' && activity.comment === run.comment),
    )
    .sort((a, b) => Number(a.created_at) - Number(b.created_at));
  const status = String(run.status ?? 'unknown');
  const items = own.length > 0 ? own.map(renderActivity).join('') : '<li class="muted">No activity yet</li>';
  return (
    `<div class="run" data-run="${escapeHtml(run.id)}"><p>Agent run of ${escapeHtml(botName)}: ` +
    `<span class="badge ${STATUS_CLASS[status] ?? ''}" data-status="${escapeHtml(status)}">` +
    `${escapeHtml(status)}</span>` +
    `</p><ol aria-label="Activities of the agent run">${items}</ol></div>`
  );
}

/** Ids of the comments agent activities made or came from (replies, follow-up prompts): the run shows them. */
export function activityCommentIds(activities: readonly SimAgentActivity[]): Set<string> {
  return new Set(activities.flatMap((activity) => (activity.comment ? [activity.comment] : [])));
}
