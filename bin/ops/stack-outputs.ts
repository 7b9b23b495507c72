import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** The outputs operator commands need, by the ids the stack gives them. */
export interface StackOutputs {
  QueueUrl?: string;
  DeadLetterQueueUrl?: string;
  TableName?: string;
  WebhookSecretArn?: string;
  ClientSecretArn?: string;
  WebhookUrl?: string;
  [name: string]: string | undefined;
}

/** `PlaneApp-<stage>`, as bin/app.ts names the stack. */
export const stackName = (stage: string): string => `PlaneApp-${stage}`;

/**
 * Reads a deployed stage's outputs with the normal AWS credential chain (profile, SSO,
 * environment). Errors say what to check.
 */
export async function readStackOutputs(stage: string, client = new CloudFormationClient({})): Promise<StackOutputs> {
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName(stage) }));
    const outputs = result.Stacks?.[0]?.Outputs ?? [];
    return Object.fromEntries(
      outputs.filter((output) => output.OutputKey).map((output) => [output.OutputKey as string, output.OutputValue]),
    );
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
