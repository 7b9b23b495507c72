import { escapeHtml } from '../core/html-page';
import { activityCommentIds, renderAgentRun } from './console-agent-runs';
import { readableText } from './console-text';
import type { PlaneSimulator, SimWorkItem } from './plane-simulator';

type SimComment = PlaneSimulator['data']['comments'][number];

/** What a live console receives on its stream: the page's shape and the HTML of its live regions. */
export interface ConsoleUpdate {
  readonly shape: string;
  readonly regions: Readonly<Record<string, string>>;
}

function itemKey(simulator: PlaneSimulator, item: SimWorkItem): string {
  const project = simulator.data.projects.find((candidate) => candidate.id === item.project);
  return `${project?.identifier ?? ''}-${item.sequence_id}`;
}

function userName(simulator: PlaneSimulator, id: string): string {
  return simulator.data.users.find((user) => user.id === id)?.display_name ?? id;
}

function meta(simulator: PlaneSimulator, item: SimWorkItem): string {
  const state = simulator.data.states.find((candidate) => candidate.id === item.state)?.name ?? '?';
  const assignees = item.assignees.map((id) => userName(simulator, id)).join(', ') || 'none';
  return escapeHtml(`${state} · priority ${item.priority} · assignees: ${assignees}`);
}

function commentItem(simulator: PlaneSimulator, comment: SimComment, inner = ''): string {
  const bot = simulator.botUser();
  return (
    `<li class="c${comment.actor === bot?.id ? ' bot' : ''}"><span class="muted">` +
    `${escapeHtml(userName(simulator, comment.actor))}</span><p>${escapeHtml(readableText(comment.comment_html))}</p>` +
    `${inner}</li>`
  );
}

/**
 * A work item's threads in order: each first comment, the agent runs its mention started, then
 * the replies no run shows (Plane's threads are one level deep: a reply's `parent` is the first
 * comment). A run whose thread is not among the comments comes last.
 */
function thread(simulator: PlaneSimulator, item: SimWorkItem): string {
  const { data } = simulator;
  const botName = simulator.botUser()?.display_name ?? 'the bot';
  const runs = data.agentRuns.filter((run) => run.issue === item.id);
  const shownByRuns = activityCommentIds(data.agentActivities);
  const comments = data.comments
    .filter((comment) => comment.issue === item.id)
    .sort((a, b) => a.created_at - b.created_at);
  const ids = new Set(comments.map((comment) => comment.id));
  const placed = new Set<string>();
  const entries = comments
    .filter((comment) => !comment.parent || !ids.has(comment.parent))
    .map((root) => {
      const started = runs.filter((run) => run.comment === root.id);
      for (const run of started) placed.add(run.id);
      const replies = comments
        .filter((reply) => reply.parent === root.id && !shownByRuns.has(reply.id))
        .map((reply) => commentItem(simulator, reply))
        .join('');
      const runsHtml = started.map((run) => renderAgentRun(run, data.agentActivities, botName)).join('');
      return commentItem(simulator, root, `${runsHtml}${replies ? `<ol class="thread">${replies}</ol>` : ''}`);
    });
  const rest = runs
    .filter((run) => !placed.has(run.id))
    .map((run) => `<li>${renderAgentRun(run, data.agentActivities, botName)}</li>`);
  const all = [...entries, ...rest];
  return all.length > 0 ? `<ol class="thread">${all.join('')}</ol>` : '<p class="muted">No comments yet.</p>';
}

function commentForm(simulator: PlaneSimulator, item: SimWorkItem, csrfToken: string): string {
  const bot = simulator.botUser();
  if (!bot) return '<p class="muted">Install the app to talk to its bot.</p>';
  const key = escapeHtml(itemKey(simulator, item));
  return (
    `<form method="POST" action="/local/comment" data-fetch>` +
    `<input type="hidden" name="csrf" value="${escapeHtml(csrfToken)}">` +
    `<input type="hidden" name="item" value="${escapeHtml(item.id)}">` +
    `<label for="text-${item.id}">Comment on ${key}</label>` +
    `<textarea id="text-${item.id}" name="text" rows="2" placeholder="summary, help, priority high, assign me">` +
    `</textarea><input type="checkbox" id="mention-${item.id}" name="mention" checked> ` +
    `<label for="mention-${item.id}">mention @${escapeHtml(bot.display_name)}</label> ` +
    '<button type="submit">Comment</button></form>'
  );
}

/** The page's structure: the install status and the work items. Another shape reloads the page. */
export function consoleShape(simulator: PlaneSimulator | undefined): string {
  if (!simulator) return 'plane';
  const installed = simulator.installation()?.status === 'installed';
  return `${installed ? 'installed' : 'not-installed'}:${simulator.data.workItems.map((item) => item.id).join(',')}`;
}

/** The live regions: each work item's summary line and thread. */
export function consoleUpdate(simulator: PlaneSimulator): ConsoleUpdate {
  const regions: Record<string, string> = {};
  for (const item of simulator.data.workItems) {
    regions[`meta-${item.id}`] = meta(simulator, item);
    regions[`thread-${item.id}`] = thread(simulator, item);
  }
  return { shape: consoleShape(simulator), regions };
}

/** The simulated work items, each with its live regions and a comment form. */
export function renderWorkItems(simulator: PlaneSimulator, csrfToken: string): string {
  return simulator.data.workItems
    .map((item) => {
      const key = escapeHtml(itemKey(simulator, item));
      return (
        `<section class="item" id="item-${item.id}" aria-labelledby="title-${item.id}">` +
        `<h2 id="title-${item.id}">${key} ${escapeHtml(item.name)}</h2>` +
        `<p class="muted" id="meta-${item.id}">${meta(simulator, item)}</p>` +
        `<div id="thread-${item.id}" data-announce="${key}">${thread(simulator, item)}</div>` +
        `${commentForm(simulator, item, csrfToken)}</section>`
      );
    })
    .join('');
}
