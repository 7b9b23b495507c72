import { escapeHtml } from '../core/html-page';
import { activityCommentIds, renderAgentRun } from './console-agent-runs';
import type { PlaneSimulator, SimWorkItem } from './plane-simulator';
import { stripTags } from './plane-simulator/format/rich-text';

type SimComment = PlaneSimulator['data']['comments'][number];

/** What a live console receives on its stream: the page's shape and the HTML of its live regions. */
export interface ConsoleUpdate {
  readonly shape: string;
  readonly regions: Readonly<Record<string, string>>;
}

/** Comment text as people read it: a mention shows as `@name` (Plane's label), the rest as plain text. */
function commentText(comment: SimComment): string {
  const html = comment.comment_html.replace(/<mention-component\b[^>]*?\blabel="([^"]*)"[^>]*>/gi, '@$1');
  return stripTags(html) || comment.comment_stripped;
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

/** The comments of a work item in order, each followed by the agent runs its mention started. */
function thread(simulator: PlaneSimulator, item: SimWorkItem): string {
  const { data } = simulator;
  const bot = simulator.botUser();
  const botName = bot?.display_name ?? 'the bot';
  const shownByRuns = activityCommentIds(data.agentActivities);
  const runs = data.agentRuns.filter((run) => run.issue === item.id);
  const comments = data.comments
    .filter((comment) => comment.issue === item.id && !shownByRuns.has(comment.id))
    .sort((a, b) => a.created_at - b.created_at);
  const placed = new Set<string>();
  const entries = comments.map((comment) => {
    const started = runs.filter((run) => run.comment === comment.id);
    for (const run of started) placed.add(run.id);
    return (
      `<li class="c${comment.actor === bot?.id ? ' bot' : ''}"><span class="muted">` +
      `${escapeHtml(userName(simulator, comment.actor))}</span><p>${escapeHtml(commentText(comment))}</p>` +
      `${started.map((run) => renderAgentRun(run, data.agentActivities, botName)).join('')}</li>`
    );
  });
  const orphans = runs.filter((run) => !placed.has(run.id));
  const rest = orphans.map((run) => `<li>${renderAgentRun(run, data.agentActivities, botName)}</li>`);
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
