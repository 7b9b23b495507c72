import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Installation } from '../../../lambdas/core/installation';
import { parseSubscriptions } from '../../../lambdas/core/subscriptions';
import { readStackOutputs, type StackOutputs, stackName } from '../stack-outputs';
import { httpChecks } from './http-checks';
import { type Check, fail, pass, skip } from './report';
import { type SecretsClients, secretChecks } from './secret-checks';

interface AwsClients extends SecretsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly logs: CloudWatchLogsClient;
  readonly sqs: SQSClient;
  readonly cloudWatch: CloudWatchClient;
  /** The stage's installations, read from its table. */
  readonly installations: (tableName: string) => Promise<readonly Installation[]>;
}

export interface AwsChecksOptions {
  readonly stage: string;
  readonly clients: AwsClients;
  readonly fetch?: typeof fetch;
  /** How long the test webhook may take to show up in the processor's log group. Default 90 s. */
  readonly timeoutMs?: number;
  /** How often the log group is searched meanwhile. Default 3 s. */
  readonly pollMs?: number;
}

/** The outputs doctor reads (the URL outputs are read under their canonical names, see stack-outputs.ts). */
const NEEDED = [
  'SetupUrl',
  'RedirectUri',
  'WebhookUrl',
  'ClientSecretArn',
  'WebhookSecretArn',
  'DeadLetterQueueUrl',
  'TableName',
  'ProcessorLogGroupName',
] as const;

/** What the processor logged about the event: its message and skip reason, from a JSON log line. */
function summarise(line: string | undefined): string {
  try {
    const parsed = JSON.parse(line ?? '') as { message?: unknown; reason?: unknown };
    return `${String(parsed.message)}${typeof parsed.reason === 'string' ? `: ${parsed.reason}` : ''}`;
  } catch {
    return 'logged';
  }
}

/** `npm run doctor -- --stage NAME`: the stack, its secrets, its URLs from outside, its queues, alarms and table. */
export function awsChecks(options: AwsChecksOptions): Check[] {
  const { stage, clients } = options;
  const deployFix = `deploy the current version: npx cdk deploy -c stage=${stage}`;
  let outputs: StackOutputs = {};
  const withOutput =
    (name: (typeof NEEDED)[number], run: (value: string) => Promise<ReturnType<typeof pass>>) => async () =>
      outputs[name] ? run(outputs[name] as string) : skip(`not checked: the stack has no ${name} output`);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const findProcessed = async (dedupKey: string, deadline: number): Promise<string | undefined> => {
    const logGroupName = outputs.ProcessorLogGroupName;
    if (!logGroupName) throw new Error(`the stack has no ProcessorLogGroupName output: ${deployFix}`);
    const startTime = Date.now() - 5 * 60_000;
    for (;;) {
      const found = await clients.logs.send(
        new FilterLogEventsCommand({ logGroupName, startTime, filterPattern: `"${dedupKey}"`, limit: 5 }),
      );
      if (found.events?.length) return summarise(found.events[0].message);
      if (Date.now() + (options.pollMs ?? 3000) > deadline) return undefined;
      await sleep(options.pollMs ?? 3000);
    }
  };

  return [
    {
      name: 'Stack and outputs',
      async run(facts) {
        try {
          outputs = await readStackOutputs(stage, clients.cloudFormation);
        } catch (error) {
          return fail(
            error instanceof Error ? error.message : String(error),
            `deploy it (npx cdk deploy -c stage=${stage}), or point AWS_PROFILE / AWS_REGION at its account`,
          );
        }
        Object.assign(facts, {
          setupUrl: outputs.SetupUrl,
          redirectUri: outputs.RedirectUri,
          webhookUrl: outputs.WebhookUrl,
          // No output: a stack from before subscriptions, whose ingest queues every webhook.
          subscriptions: outputs.EventSubscriptions ? parseSubscriptions(outputs.EventSubscriptions) : undefined,
        });
        const missing = NEEDED.filter((name) => !outputs[name]);
        if (missing.length > 0) return fail(`${stackName(stage)} has no ${missing.join(', ')} output`, deployFix);
        return pass(`${stackName(stage)} is deployed with every output doctor reads`);
      },
    },
    ...secretChecks({ stage, clients, outputs: () => outputs }),
    ...httpChecks({
      fetch: options.fetch,
      configureFix: `run \`npm run configure -- --stage ${stage}\` with the values Plane shows for the app`,
      signatureFix:
        'ingest still holds an older webhook secret: it re-reads within 5 minutes (at once, at most every 30 s, ' +
        'on a mismatch); run doctor again in a minute',
      timeoutMs: options.timeoutMs ?? 90_000,
      findProcessed,
    }),
    {
      name: 'Dead-letter queue',
      run: withOutput('DeadLetterQueueUrl', async (QueueUrl) => {
        const { Attributes } = await clients.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        const parked =
          Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
        if (parked === 0) return pass('empty');
        return fail(
          `${parked} message(s) parked`,
          `find the cause in the processor's log ('event failed; it will be retried'), fix it, then ` +
            `\`npm run redrive -- --stage ${stage}\` (README: DeadLetterQueueNotEmpty)`,
        );
      }),
    },
    {
      name: 'Alarms',
      async run() {
        const firing: string[] = [];
        let NextToken: string | undefined;
        do {
          const page = await clients.cloudWatch.send(
            new DescribeAlarmsCommand({ AlarmNamePrefix: `${stackName(stage)}-`, StateValue: 'ALARM', NextToken }),
          );
          firing.push(...(page.MetricAlarms ?? []).map((alarm) => alarm.AlarmName ?? '?'));
          NextToken = page.NextToken;
        } while (NextToken);
        if (firing.length === 0) return pass(`none firing (prefix ${stackName(stage)}-)`);
        return fail(`firing: ${firing.join(', ')}`, "follow each alarm's runbook in the README (Operations → Alarms)");
      },
    },
    {
      name: 'Installations',
      run: withOutput('TableName', async (tableName) => {
        const installations = await clients.installations(tableName);
        if (installations.length === 0)
          return fail('none yet', `install the app: open ${outputs.SetupUrl ?? 'the SetupUrl output'}`);
        const byStatus = new Map<string, number>();
        for (const entry of installations) byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1);
        const statuses = [...byStatus].map(([status, count]) => `${count} ${status}`).join(', ');
        return pass(`${installations.length} installation(s): ${statuses}`);
      }),
    },
  ];
}
