import setupApp from '../../lambdas/app';
import { declareSubscriptions } from '../../lambdas/core/router';
import type { StageConfig } from '../../lib/stage-config';

/**
 * What the app in lambdas/app subscribes to on this stage: its setup is run on a router that only
 * records names (`declareSubscriptions`), with the stage's settings (agentRuns changes which events
 * the example agent answers). bin/app.ts hands the result to the stack, which hands it to ingest.
 */
export function appSubscriptions(config: Pick<StageConfig, 'agentRuns'>): string[] {
  return declareSubscriptions(setupApp, { agentRuns: config.agentRuns });
}
