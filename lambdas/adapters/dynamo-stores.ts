import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, DedupStore, OAuthStateStore } from '../core/ports';
import { isConditionFailed, ttlSeconds } from './dynamo-client';

const DEDUP = 'DEDUP#';
const STATE = 'STATE#';

/**
 * De-duplication records on the single table. A claim is a conditional put that succeeds when no
 * record exists or the existing one has run out (`until <= now`): DynamoDB deletes expired items
 * only eventually, and emulators never do, so expiry is checked in the condition. Complete and
 * release are conditional on the claim's owner, so an attempt whose claim passed to another
 * never overwrites or deletes it.
 */
export function createDynamoDedupStore(client: DynamoDBDocumentClient, tableName: string): DedupStore {
  const ownClaim = {
    ConditionExpression: '#status = :inProgress AND #owner = :owner',
    ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
  };
  const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  };
  return {
    async claim(key, owner, now, leaseUntil): Promise<ClaimResult> {
      const claimed = await conditional(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: `${DEDUP}${key}`,
              status: 'in_progress',
              owner,
              until: leaseUntil,
              ttl: ttlSeconds(leaseUntil),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now },
          }),
        ),
      );
      if (claimed) return 'claimed';
      const current = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: `${DEDUP}${key}` }, ConsistentRead: true }),
      );
      return current.Item?.status === 'done' ? 'done' : 'in_progress';
    },
    complete(key, owner, expiresAt) {
      return conditional(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: `${DEDUP}${key}`, status: 'done', owner, until: expiresAt, ttl: ttlSeconds(expiresAt) },
            ...ownClaim,
            ExpressionAttributeValues: { ':inProgress': 'in_progress', ':owner': owner },
          }),
        ),
      );
    },
    async release(key, owner) {
      await conditional(() =>
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: `${DEDUP}${key}` },
            ...ownClaim,
            ExpressionAttributeValues: { ':inProgress': 'in_progress', ':owner': owner },
          }),
        ),
      );
    },
  };
}

/** OAuth states: single use by a conditional delete that also checks expiry. */
export function createDynamoStateStore(client: DynamoDBDocumentClient, tableName: string): OAuthStateStore {
  return {
    async create(state) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `${STATE}${state.id}`,
            expiresAt: state.expiresAt,
            createdAt: state.createdAt,
            ttl: ttlSeconds(state.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async consume(id, now) {
      try {
        const result = await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: `${STATE}${id}` },
            ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': now },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const item = result.Attributes;
        return item ? { id, expiresAt: Number(item.expiresAt), createdAt: Number(item.createdAt) } : undefined;
      } catch (error) {
        if (isConditionFailed(error)) return undefined;
        throw error;
      }
    },
  };
}
