import { type DynamoDBDocumentClient, GetCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RateBudget, Reservation, SlotRequest } from '../core/ports';
import { conditionalUpdate, ttlSeconds } from './dynamo-client';

const BUDGET = 'BUDGET#';
const SCHEDULE = 'SCHEDULE#';
/** Rounds of the reservation race before giving up (each round is won by some other caller). */
const RESERVE_ROUNDS = 5;

/**
 * RateBudget on the single table. `take`: one counter item per name and window, raised only below
 * the limit. `reserve`: one item per schedule holding `nextFreeAt`, the end of the last
 * reservation, moved on only by conditional updates, so two Lambdas never get the same slot.
 */
export function createDynamoRateBudget(client: DynamoDBDocumentClient, tableName: string): RateBudget {
  const update = (input: UpdateCommandInput) => conditionalUpdate(client, input);

  /** One round: the schedule idle at `start`, or busy until some time no later than `latest`. */
  const reserveOnce = async (key: string, request: SlotRequest): Promise<Reservation | 'raced'> => {
    const start = request.notBefore ?? request.now;
    if (start <= request.latest) {
      const idle = await update({
        TableName: tableName,
        Key: { pk: key },
        UpdateExpression: 'SET nextFreeAt = :next',
        ConditionExpression: 'attribute_not_exists(nextFreeAt) OR nextFreeAt <= :start',
        ExpressionAttributeValues: { ':next': start + request.spacingMs, ':start': start },
      });
      if (idle) return { slotAt: start };
      const busy = await update({
        TableName: tableName,
        Key: { pk: key },
        UpdateExpression: 'SET nextFreeAt = nextFreeAt + :spacing',
        ConditionExpression: 'nextFreeAt > :start AND nextFreeAt <= :latest',
        ExpressionAttributeValues: { ':spacing': request.spacingMs, ':start': start, ':latest': request.latest },
        ReturnValues: 'UPDATED_OLD',
      });
      if (busy) return { slotAt: Number(busy.Attributes?.nextFreeAt) };
    }
    const item = await client.send(new GetCommand({ TableName: tableName, Key: { pk: key }, ConsistentRead: true }));
    const freeAt = Math.max(start, Number(item.Item?.nextFreeAt ?? start));
    return freeAt > request.latest ? { freeAt } : 'raced';
  };

  return {
    async take(name, limit, windowMs, now) {
      const window = Math.floor(now / windowMs);
      const taken = await update({
        TableName: tableName,
        Key: { pk: `${BUDGET}${name}#${window}` },
        UpdateExpression: 'SET #taken = if_not_exists(#taken, :zero) + :one, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#taken) OR #taken < :limit',
        ExpressionAttributeNames: { '#taken': 'taken', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':limit': limit,
          ':ttl': ttlSeconds((window + 2) * windowMs),
        },
      });
      return taken !== undefined;
    },
    async reserve(name, request) {
      for (let round = 0; round < RESERVE_ROUNDS; round += 1) {
        const result = await reserveOnce(`${SCHEDULE}${name}`, request);
        if (result !== 'raced') return result;
      }
      // Every round lost to another caller: the schedule is busy, and its end is not known.
      return {};
    },
  };
}
