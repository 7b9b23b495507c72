import type { CommentData, PlaneEvent } from '../core/events';
import type { AppSetup, HandlerContext, PlaneApp } from '../core/router';
import { answerAgentRuns } from './agent';
import { type CommandContext, runCommand } from './commands';
import { commandText, mentions } from './mentions';

/** Marks the kit's replies so a replayed event finds its reply (409) instead of posting twice. */
const EXTERNAL_SOURCE = 'plane-app-kit';

export interface ExampleAppOptions {
  /**
   * True when the app has "Enable App Mentions" on in Plane: a mention then opens an agent run,
   * and the app answers its prompts there (a thought at once, then one response) instead of in a
   * comment; the mention's `issue_comment` webhook gets no reply.
   */
  readonly agentRuns?: boolean;
  readonly clock?: () => number;
}

async function answerComment(event: PlaneEvent<CommentData>, ctx: HandlerContext, clock: () => number): Promise<void> {
  const comment = event.data;
  const bot = ctx.installation.botUserId;
  if (!comment.issue || !comment.project || !mentions(comment.comment_html, bot)) return;
  const askedBy = event.actorId ?? comment.actor ?? comment.created_by;
  if (askedBy === bot) return;
  const commands: CommandContext = {
    plane: ctx.plane,
    projectId: comment.project,
    workItemId: comment.issue,
    askedBy,
    now: clock(),
  };
  const answer = await runCommand(commandText(comment.comment_html), commands);
  const result = await ctx.plane.comments.create(comment.project, comment.issue, {
    comment_html: answer.html,
    external_source: EXTERNAL_SOURCE,
    external_id: `reply:${comment.id}`,
  });
  ctx.log.debug(result.created ? 'replied to a mention' : 'reply already posted', { commentId: comment.id });
}

/**
 * The example agent: mention it in a work-item comment with `help`, `summary`,
 * `priority <level>` or `assign me`, and it answers in the same thread.
 */
export function createExampleApp(options: ExampleAppOptions = {}): (app: PlaneApp) => void {
  const clock = options.clock ?? Date.now;
  return (app) => {
    // With agent runs on, the mention's own issue_comment webhook is the same question as its
    // prompt (PLANE-FACTS "Agents"): it gets no handler, so the processor skips it unread.
    if (options.agentRuns) answerAgentRuns(app, clock);
    else app.on('issue_comment.created', (event, ctx) => answerComment(event, ctx, clock));
  };
}

/** The processor's default app: the example agent, answering through agent runs when the stage's agentRuns is on. */
const setup: AppSetup = (app, settings) => createExampleApp({ agentRuns: settings.agentRuns })(app);

export default setup;
