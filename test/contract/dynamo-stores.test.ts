import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
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

test('an item of the schedule before the sliding log (nextFreeAt) still counts its last 5 slots', async () => {
  const table = await freshTable();
  const documents = createDocumentClient(client);
  const now = 1_800_000_000_000;
  // The spaced schedule's last slot was `now`: its item says the next is free 12.5 s later.
  await documents.send(new PutCommand({ TableName: table, Item: { pk: 'SCHEDULE#slots', nextFreeAt: now + 12_500 } }));
  const budget = createDynamoRateBudget(documents, table);
  const request = { limit: 5, windowMs: 63_000, now, latest: now + 3_600_000 };
  // Its 5 slots were now - 50 s to now, so the first free one is 63 s after the oldest.
  expect(await budget.reserve('slots', request)).toEqual({ slotAt: now + 13_000 });
});
