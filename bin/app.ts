#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlaneAppStack } from '../lib/plane-app-stack';
import { loadStageConfig, type StageConfig, StageConfigError, stackNameFor } from '../lib/stage-config';
import { appSubscriptions } from './ops/app-subscriptions';

const app = new App();

let config: StageConfig;
try {
  config = loadStageConfig(app);
} catch (error) {
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

new PlaneAppStack(app, stackNameFor(config.stage), {
  config,
  // Read from the app's router without running a handler: ingest drops the webhooks none of them wants.
  subscriptions: appSubscriptions(config),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
