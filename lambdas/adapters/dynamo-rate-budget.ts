import { type DynamoDBDocumentClient, GetCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RateBudget, Reservation, SlotRequest } from '../core/ports';
import { firstFreeSlot, withSlot } from '../core/sliding-schedule';
import { conditionalUpdate, ttlSeconds } from './dynamo-client';

const BUDGET = 'BUDGET#';
const SCHEDULE = 'SCHEDULE#';
/**
 * Rounds of the reservation race before giving up. Every round is won by some caller, so this many
 * callers reserving at the same moment all get a slot; token requests are a few a minute.
 */
const RESERVE_ROUNDS = 10;

/** The spacing of the schedule the sliding log replaced: slots 12.5 s apart. */
const SPACED_SLOTS_MS = 12_500;

/**
 * The log an item holds. An item the spaced schedule left (`nextFreeAt`, a spacing after its last
 * slot) is read as its last `limit` slots, so slots booked before an upgrade still count.
 */
function storedSlots(item: Record<string, unknown> | undefined, limit: number): number[] {
  if (Array.isArray(item?.slots)) return item.slots.map(Number);
  if (item?.nextFreeAt === undefined) return [];
  const next = Number(item.nextFreeAt);
  return Array.from({ length: limit }, (_, i) => next - (limit - i) * SPACED_SLOTS_MS);
}

/**
 * RateBudget on the single table. `take`: one counter item per name and window, raised only below
 * the limit. `reserve`: one item per schedule holding the sliding log (`slots`, the last `limit`
 * reservations) and a `version`; a caller reads it, works out its slot (core/sliding-schedule.ts,
 * as the in-memory twin does) and writes the log back only if the version is still the one it
 * read, so two Lambdas never get the same place in the window.
 */
export function createDynamoRateBudget(client: DynamoDBDocumentClient, tableName: string): RateBudget {
  const update = (input: UpdateCommandInput) => conditionalUpdate(client, input);

  /** One round: read the log, then append to it unless another caller did first. */
  const reserveOnce = async (key: string, request: SlotRequest): Promise<Reservation | 'raced'> => {
    const item = await client.send(new GetCommand({ TableName: tableName, Key: { pk: key }, ConsistentRead: true }));
    const slots = storedSlots(item.Item, request.limit);
    const version = Number(item.Item?.version ?? 0);
    const slotAt = firstFreeSlot(slots, request);
    if (slotAt > request.latest) return { freeAt: slotAt };
    const written = await update({
      TableName: tableName,
      Key: { pk: key },
      UpdateExpression: 'SET #slots = :slots, #version = :next',
      ConditionExpression: 'attribute_not_exists(#version) OR #version = :version',
      ExpressionAttributeNames: { '#slots': 'slots', '#version': 'version' },
      ExpressionAttributeValues: {
        ':slots': withSlot(slots, slotAt, request.limit),
        ':next': version + 1,
        ':version': version,
      },
    });
    return written ? { slotAt } : 'raced';
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
