/** `npm run installations -- --stage dev`: lists installations (workspace, status, token expiry; never a token). */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../lambdas/adapters/dynamo-installation-store';
import { formatInstallations } from './ops/list-installations';
import { runCli } from './ops/run-cli';
import { readStackOutputs, requireOutput, stackName } from './ops/stack-outputs';

runCli('installations', async () => {
  const { values } = parseArgs({ options: { stage: { type: 'string', default: 'dev' }, table: { type: 'string' } } });
  const stage = values.stage ?? 'dev';
  const table = values.table ?? requireOutput(await readStackOutputs(stage), 'TableName', '--table');
  const documents = createDocumentClient(new DynamoDBClient({}));
  try {
    const installations = await createDynamoInstallationStore(documents, table).listInstallations();
    process.stdout.write(
      `${stackName(stage)} (${table}): ${installations.length} ` +
        `installation(s)\n${formatInstallations(installations, Date.now())}\n`,
    );
  } finally {
    documents.destroy();
  }
});
