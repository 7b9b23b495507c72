import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { appSubscriptions } from '../../bin/ops/app-subscriptions';
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

/** Timeout for hooks and tests that synthesise (1-3 s normally; much more on a busy machine). */
export const SYNTH_TIMEOUT_MS = 60_000;

/** Client id the test stacks get unless a test passes its own (`planeClientId: ''` for none). */
const TEST_CLIENT_ID = 'test-client-id';

/**
 * Builds the stack of a stage (default `dev`) with cdk.json's context, without bundling, and
 * with {@link TEST_CLIENT_ID} (so synth does not print the missing-client-id warning).
 */
export function synthStage(context: Record<string, unknown> = {}): SynthesizedStage {
  const app = createTestApp({ context: { planeClientId: TEST_CLIENT_ID, ...context } });
  const config = loadStageConfig(app);
  const stack = new PlaneAppStack(app, stackNameFor(config.stage), { config, subscriptions: appSubscriptions(config) });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The logical id of the CloudFormation resource behind a construct. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** An IAM policy statement as it appears in the template. */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Statements of every IAM policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } } }
  >;
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** Environment variables of the Lambda function with this logical id. */
export function environmentOf(template: Template, functionLogicalId: string): Record<string, unknown> {
  const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId] as {
    Properties: { Environment?: { Variables?: Record<string, unknown> } };
  };
  return fn.Properties.Environment?.Variables ?? {};
}

/** Actions of a statement, always as a sorted list. */
export function actionsOf(statement: Statement): string[] {
  return [...(Array.isArray(statement.Action) ? statement.Action : [statement.Action])].sort();
}

/** The custom resource that draws the webhook path's random segment. */
export function generatorOf(stage: SynthesizedStage): IConstruct {
  const generator = stage.stack.webhookPath.node.children.find((child) => child.node.id.startsWith('Segment'));
  const resource = generator?.node.tryFindChild('Resource');
  if (!resource) throw new Error('the stack has no webhook path generator');
  return resource;
}
