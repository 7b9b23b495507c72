import { createExampleApp } from '../../lambdas/app';
import { resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';

/** The error a poisoned work item causes (the tests look for it in the inspector). */
const POISON_ERROR = 'poisoned on purpose';

/**
 * Local mode on free ports, quiet, retrying a failed event after 1 s, running the example agent
 * plus a handler that throws on work items named "poison" until `cure()` is called: the way to
 * park an event in the dead-letter queue and then redrive it.
 */
export async function startPoisonedLocal(): Promise<{ app: LocalApp; cure: () => void }> {
  let cured = false;
  const app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    setup: (plane) => {
      createExampleApp({ agentRuns: true })(plane);
      plane.on('issue.created', (event) => {
        if (event.data.name === 'poison' && !cured) throw new Error(POISON_ERROR);
      });
    },
    retrySeconds: 1,
    log: createPrettyLogger({ write: () => undefined }),
  });
  return {
    app,
    cure: () => {
      cured = true;
    },
  };
}
