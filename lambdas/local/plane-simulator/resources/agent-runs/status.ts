import type { AgentRunStatus, SimAgentActivity, SimAgentRun } from './record';

/** Statuses a run leaves for `stale` after the timeout with no activity (EE models/agent_run.py). */
const ACTIVE: readonly AgentRunStatus[] = ['created', 'in_progress', 'awaiting'];
/** Statuses a new prompt in the thread reopens, clearing the end fields (agent_run_user_comment_task.py). */
const FINISHED: readonly AgentRunStatus[] = ['stopped', 'failed', 'completed', 'stale'];

/**
 * Plane's lazy stale check: every time a run is read (`AgentRun.from_db` runs
 * `_check_and_update_stale_status`), a run that is created, in progress or awaiting and was not
 * updated for the timeout becomes `stale` with `ended_at`. A `stopping` run never goes stale.
 */
export function checkStale(run: SimAgentRun, now: number, staleMs: number): SimAgentRun {
  if (ACTIVE.includes(run.status) && now - run.updated_at > staleMs) {
    run.status = 'stale';
    run.ended_at = now;
    run.updated_at = now;
  }
  return run;
}

/** A new prompt on a finished run clears its end (EE bgtasks/agent_run_user_comment_task.py:103-113). */
export function reopen(run: SimAgentRun): void {
  if (!FINISHED.includes(run.status)) return;
  run.ended_at = null;
  run.stopped_at = null;
  run.stopped_by = null;
  run.error_metadata = null;
}

/**
 * `AgentRunActivity.update_run_status` (EE models/agent_run.py): the status an activity leaves
 * its run in. A response to a `stopping` run stops it; the server's code raises an
 * AttributeError there (`self.user`, plane-agents.md §0.6), so the simulator does what it means
 * to do and records who pressed Stop as `stopped_by`.
 */
export function applyActivity(run: SimAgentRun, activity: SimAgentActivity, stoppedBy: string | null): void {
  const now = activity.created_at;
  switch (activity.type) {
    case 'error':
      run.status = 'failed';
      run.ended_at = now;
      run.error_metadata = activity.signal_metadata;
      break;
    case 'response':
      if (run.status === 'stopping') {
        run.status = 'stopped';
        run.stopped_at = now;
        run.stopped_by = stoppedBy;
        run.ended_at = now;
      } else run.status = 'in_progress';
      break;
    case 'elicitation':
      run.status = 'awaiting';
      break;
    case 'prompt':
      run.status = activity.signal === 'stop' ? 'stopping' : 'in_progress';
      break;
    default:
      // thought and action: in progress again, whatever the run was (even stopping or stopped).
      run.status = 'in_progress';
  }
  run.updated_at = now;
}
