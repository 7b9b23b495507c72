import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { createTable, LOCAL_AWS, type StandIn, startDynamo } from '../../lambdas/local/stand-ins';
import { useLocalAws } from '../helpers/aws-env';
import { installationStoreContract } from './installation-store.contract';
import { renewalLeaseContract } from './renewal-lease.contract';

let dynamo: StandIn;
let restore: () => void;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynamo({ tableName: 'unused' });
  restore = useLocalAws({ dynamodb: dynamo.endpoint });
  client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
});
afterAll(async () => {
  client.destroy();
  restore();
  await dynamo.close();
});

/** A fresh table per test: dynalite creates one in milliseconds. */
async function freshStore() {
  tables += 1;
  await createTable(client, `contract-${tables}`);
  return createDynamoInstallationStore(createDocumentClient(client), `contract-${tables}`);
}

installationStoreContract('DynamoDB store on dynalite', freshStore);
renewalLeaseContract('DynamoDB store on dynalite', freshStore);
