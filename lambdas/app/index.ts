import type { AgentPromptData, AgentRunData, CommentData, PlaneEvent } from '../core/events';
import type { AppSetup, HandlerContext, PlaneApp } from '../core/router';
import { type CommandContext, runCommand } from './commands';
import { commandText, mentions } from './mentions';

/** Marks the kit's replies so a replayed event finds its reply (409) instead of posting twice. */
const EXTERNAL_SOURCE = 'plane-app-kit';

export interface ExampleAppOptions {
  /**
   * True when the app has "Enable App Mentions" on in Plane: a mention then opens an agent run,
   * and the app answers there (a thought at once, then a response) instead of in a comment.
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

async function answerRun(
  runId: string,
  prompt: string,
  where: { project?: string; issue?: string; askedBy?: string },
  ctx: HandlerContext,
  clock: () => number,
): Promise<void> {
  // A run with no activity for 5 minutes goes stale: say something at once.
  await ctx.plane.agentRuns.createActivity(runId, {
    type: 'thought',
    content: { type: 'thought', body: 'Looking at this work item…' },
  });
  if (!where.project || !where.issue) {
    await ctx.plane.agentRuns.createActivity(runId, {
      type: 'error',
      content: { type: 'error', body: 'This run has no work item.' },
    });
    return;
  }
  const answer = await runCommand(prompt, {
    plane: ctx.plane,
    projectId: where.project,
    workItemId: where.issue,
    askedBy: where.askedBy,
    now: clock(),
  });
  await ctx.plane.agentRuns.createActivity(runId, {
    type: 'response',
    content: { type: 'response', body: answer.text },
  });
}

async function promptOf(data: AgentRunData, ctx: HandlerContext): Promise<string> {
  if (!data.comment_id || !data.project_id || !data.issue_id) return 'help';
  const comments = await ctx.plane.comments.list(data.project_id, data.issue_id);
  return commandText(comments.find((comment) => comment.id === data.comment_id)?.comment_html);
}

/**
 * The example agent: mention it in a work-item comment with `help`, `summary`,
 * `priority <level>` or `assign me`, and it answers in the same thread.
 */
export function createExampleApp(options: ExampleAppOptions = {}): (app: PlaneApp) => void {
  const clock = options.clock ?? Date.now;
  return (app) => {
    app.on('issue_comment.created', async (event, ctx) => {
      if (!options.agentRuns) await answerComment(event, ctx, clock);
    });
    app.on('agent_run_create', async (event, ctx) => {
      const data = event.data;
      const run = data.agent_run;
      const askedBy = typeof run.created_by === 'string' ? run.created_by : event.actorId;
      await answerRun(
        run.id,
        await promptOf(data, ctx),
        { project: data.project_id ?? run.project, issue: data.issue_id ?? run.issue, askedBy },
        ctx,
        clock,
      );
    });
    app.on('agent_run_user_prompt', async (event: PlaneEvent<AgentPromptData>, ctx) => {
      const { agent_run: run, agent_run_activity: activity } = event.data;
      if (activity.signal === 'stop') {
        await ctx.plane.agentRuns.createActivity(run.id, {
          type: 'response',
          content: { type: 'response', body: 'Stopped.' },
        });
        return;
      }
      const askedBy = typeof activity.actor === 'string' ? activity.actor : event.actorId;
      await answerRun(
        run.id,
        String(activity.content?.body ?? ''),
        { project: run.project, issue: run.issue, askedBy },
        ctx,
        clock,
      );
    });
  };
}

/** The processor's default app: the example agent, answering through agent runs when the stage's agentRuns is on. */
const setup: AppSetup = (app, settings) => createExampleApp({ agentRuns: settings.agentRuns })(app);

export default setup;
