import type { AgentAnswer } from '../core/agent-runs';
import type { AgentPromptData, PlaneEvent } from '../core/events';
import type { HandlerContext, PlaneApp } from '../core/router';
import { runCommand } from './commands';
import { promptText } from './mentions';

const answer = (type: AgentAnswer['type'], body: string): AgentAnswer => ({
  type,
  content: { type, body },
});

async function answerPrompt(
  event: PlaneEvent<AgentPromptData>,
  ctx: HandlerContext,
  clock: () => number,
): Promise<void> {
  const { agent_run: run, agent_run_activity: prompt } = event.data;
  const runs = ctx.plane.agentRuns;
  const promptId = prompt.id ?? '';
  // Only prompts are questions: an activity posted with a user's token arrives here too, and
  // answering it could answer itself for ever (EE models/agent_run.py `save`).
  if (prompt.type !== undefined && prompt.type !== 'prompt') {
    ctx.log.debug('agent activity not a prompt: not answered', { runId: run.id, type: prompt.type });
    return;
  }
  // Stop is told by `signal` alone: its content differs between the docs and the server. One
  // confirmation and nothing else: a thought would move the run back to in_progress.
  if (prompt.signal === 'stop') {
    const stopped = await runs.respond(run.id, promptId, answer('response', 'Stopped.'));
    ctx.log.debug('agent run stopped', { runId: run.id, outcome: stopped.outcome });
    return;
  }
  // Who asked: the prompt's actor; the run's creator when a payload lacks it (created_by is null).
  const askedBy = prompt.actor ?? run.creator ?? undefined;
  const projectId = run.project ?? event.data.project_id;
  const workItemId = run.issue ?? event.data.issue_id;
  const result = await runs.respond(run.id, promptId, async () => {
    // A run with no activity for 5 minutes goes stale: say something at once.
    await runs.createActivity(run.id, {
      type: 'thought',
      content: { type: 'thought', body: 'Looking at this work item…' },
    });
    if (!projectId || !workItemId) return answer('error', 'This run has no work item.');
    const reply = await runCommand(promptText(prompt.content?.body), {
      plane: ctx.plane,
      projectId,
      workItemId,
      askedBy,
      now: clock(),
    });
    return answer('response', reply.activityBody);
  });
  ctx.log.debug('agent prompt answered', { runId: run.id, promptId, outcome: result.outcome });
}

/**
 * The example agent in agent runs ("Enable App Mentions"). One mention sends `agent_run_create`
 * and `agent_run_user_prompt` in either order, and a plain `issue_comment`: only the prompt is
 * answered, once per prompt activity (`agentRuns.respond`). The run's creation is logged, nothing
 * more: a thought there would race the prompt's and show twice.
 */
export function answerAgentRuns(app: PlaneApp, clock: () => number): void {
  app.on('agent_run_create', (event, ctx) => {
    const run = event.data.agent_run;
    ctx.log.debug('agent run opened', { runId: run.id, status: run.status });
  });
  app.on('agent_run_user_prompt', (event, ctx) => answerPrompt(event, ctx, clock));
}
