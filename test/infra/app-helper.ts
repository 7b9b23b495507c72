import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlaneAppStack } from '../../lib/plane-app-stack';
import { loadStageConfig, stackNameFor } from '../../lib/stage-config';

/** The `context` section of the repository's cdk.json (feature flags and stage settings). */
export function cdkJsonContext(): Record<string, unknown> {
  const file = path.join(__dirname, '..', '..', 'cdk.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}

/** Options of {@link createTestApp}. */
export interface TestAppOptions {
  /** Extra context, e.g. `{ stage: 'prod', planeClientId: 'abc' }`; wins over cdk.json. */
  readonly context?: Record<string, unknown>;
  /** Really bundle the functions (slow); by default bundling is skipped. */
  readonly bundle?: boolean;
}

/** An App built like `cdk synth` builds it: with cdk.json's context. */
export function createTestApp(options: TestAppOptions = {}): App {
  const context: Record<string, unknown> = { ...cdkJsonContext(), ...options.context };
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  return new App({ context });
}

/** The stack of one stage, built as bin/app.ts builds it, plus its template. */
export interface SynthesizedStage {
  readonly app: App;
  readonly stack: PlaneAppStack;
  readonly template: Template;
}

/** Builds the stack of a stage (default `dev`) with cdk.json's context, without bundling. */
export function synthStage(context: Record<string, unknown> = {}): SynthesizedStage {
  const app = createTestApp({ context });
  const config = loadStageConfig(app);
  const stack = new PlaneAppStack(app, stackNameFor(config.stage), { config });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id of the CloudFormation resource behind a construct. */
export function logicalId(stack: PlaneAppStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<PlaneAppStack['getLogicalId']>[0]);
}
