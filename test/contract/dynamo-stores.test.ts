import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoRateBudget } from '../../lambdas/adapters/dynamo-rate-budget';
import { createDynamoDedupStore, createDynamoStateStore } from '../../lambdas/adapters/dynamo-stores';
import { createTable, LOCAL_AWS, type StandIn, startDynamo } from '../../lambdas/local/stand-ins';
import { dedupStoreContract, rateBudgetContract, stateStoreContract } from './dedup-and-state-stores.contract';

let dynamo: StandIn;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynamo({ tableName: 'unused' });
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

async function freshTable(): Promise<string> {
  tables += 1;
  await createTable(client, `stores-${tables}`);
  return `stores-${tables}`;
}

dedupStoreContract('DynamoDB dedup store on dynalite', async () =>
  createDynamoDedupStore(createDocumentClient(client), await freshTable()),
);
stateStoreContract('DynamoDB state store on dynalite', async () =>
  createDynamoStateStore(createDocumentClient(client), await freshTable()),
);
rateBudgetContract('DynamoDB rate budget on dynalite', async () =>
  createDynamoRateBudget(createDocumentClient(client), await freshTable()),
);
