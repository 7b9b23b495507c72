import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** The outputs operator commands need, by the ids the stack gives them. */
export interface StackOutputs {
  QueueUrl?: string;
  DeadLetterQueueUrl?: string;
  TableName?: string;
  WebhookSecretArn?: string;
  ClientSecretArn?: string;
  WebhookUrl?: string;
  SetupUrl?: string;
  RedirectUri?: string;
  ProcessorLogGroupName?: string;
  [name: string]: string | undefined;
}

/**
 * The stack gives the three URLs for Plane's form ids that `cdk deploy` lists first; commands read
 * them under these names, which stacks deployed before the rename use themselves.
 */
const ALIASES: Readonly<Record<string, string>> = {
  AddToPlaneSetupUrl: 'SetupUrl',
  AddToPlaneRedirectUri: 'RedirectUri',
  AddToPlaneWebhookUrl: 'WebhookUrl',
};

/** `PlaneApp-<stage>`, as bin/app.ts names the stack. */
export const stackName = (stage: string): string => `PlaneApp-${stage}`;

/**
 * Reads a deployed stage's outputs with the normal AWS credential chain (profile, SSO,
 * environment). Errors say what to check.
 */
export async function readStackOutputs(stage: string, client = new CloudFormationClient({})): Promise<StackOutputs> {
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName(stage) }));
    const found: StackOutputs = {};
    for (const { OutputKey, OutputValue } of result.Stacks?.[0]?.Outputs ?? []) {
      if (!OutputKey) continue;
      found[OutputKey] = OutputValue;
      if (ALIASES[OutputKey]) found[ALIASES[OutputKey]] = OutputValue;
    }
    return found;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not read the outputs of stack ${stackName(stage)} (${message}). Is it deployed in this ` +
        'account and region (AWS_PROFILE / AWS_REGION)?',
    );
  } finally {
    client.destroy();
  }
}

/** Picks an output, or explains which one is missing and how to pass it by hand. */
export function requireOutput(outputs: StackOutputs, name: keyof StackOutputs & string, flag: string): string {
  const value = outputs[name];
  if (!value) throw new Error(`the stack has no ${name} output: deploy the current version, or pass ${flag}`);
  return value;
}
