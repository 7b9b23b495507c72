/**
 * `npm run redrive -- --stage dev [--dry-run] [--limit N]`: moves the dead-letter queue's messages
 * back to the event queue, once the cause of their failure is fixed.
 */

import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { redrive } from '../lambdas/adapters/sqs-redrive';
import { createProgress, type Progress } from './ops/progress';
import { runCli } from './ops/run-cli';
import { readStackOutputs, requireOutput, stackName } from './ops/stack-outputs';

runCli('redrive', async () => {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'dev' },
      'dry-run': { type: 'boolean' },
      limit: { type: 'string' },
      'queue-url': { type: 'string' },
      'dlq-url': { type: 'string' },
    },
  });
  const stage = values.stage ?? 'dev';
  const outputs = values['queue-url'] && values['dlq-url'] ? {} : await readStackOutputs(stage);
  const queueUrl = values['queue-url'] ?? requireOutput(outputs, 'QueueUrl', '--queue-url');
  const deadLetterQueueUrl = values['dlq-url'] ?? requireOutput(outputs, 'DeadLetterQueueUrl', '--dlq-url');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new Error('--limit must be a positive integer');
  const sqs = new SQSClient({});
  let progress: Progress | undefined;
  try {
    const result = await redrive({
      sqs,
      queueUrl,
      deadLetterQueueUrl,
      dryRun: values['dry-run'] === true,
      limit,
      onProgress: ({ parked, moved, failed }) => {
        progress ??= createProgress({ label: 'redrive', total: Math.min(parked, limit ?? parked), unit: 'messages' });
        progress.update(moved + failed, failed > 0 ? `${failed} could not be sent` : undefined);
      },
    });
    progress?.stop();
    if (values['dry-run']) {
      process.stdout.write(
        `${stackName(stage)}: ${result.parked} message(s) in the dead-letter queue; dry run, nothing moved.\n`,
      );
    } else {
      process.stdout.write(
        `${stackName(stage)}: moved ${result.moved} of ${result.parked} message(s) back to the event ` +
          `queue${result.failed ? `; ${result.failed} could not be sent and stay parked` : ''}.\n`,
      );
      if (result.notDeleted > 0)
        process.stdout.write(
          `${result.notDeleted} moved message(s) could not be deleted from the dead-letter queue: they are in ` +
            'both queues; a later redrive moves them again, and the processor drops the duplicate.\n',
        );
      if (result.failed > 0 || result.notDeleted > 0) process.exitCode = 1;
    }
  } finally {
    sqs.destroy();
  }
});
