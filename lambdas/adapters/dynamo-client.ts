import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  UpdateCommand,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/**
 * A DynamoDB document client with short timeouts. The endpoint comes from the usual SDK
 * settings, so `AWS_ENDPOINT_URL_DYNAMODB` points it at dynalite in local mode and tests.
 */
export function createDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({
    maxAttempts: 4,
    requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 },
  }),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** True for a failed condition, the expected "someone else got there first" answer. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Sends a conditional update: its output when it was made, undefined when its condition failed. */
export async function conditionalUpdate(
  client: DynamoDBDocumentClient,
  input: UpdateCommandInput,
): Promise<UpdateCommandOutput | undefined> {
  try {
    return await client.send(new UpdateCommand(input));
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/** DynamoDB's TTL attribute holds epoch seconds; the kit keeps epoch milliseconds elsewhere. */
export const ttlSeconds = (epochMs: number): number => Math.ceil(epochMs / 1000);
