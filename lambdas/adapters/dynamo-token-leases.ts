import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InstallationStore, RenewalLease, StoredToken, TokenRef } from '../core/installation';
import { conditionalUpdate } from './dynamo-client';

export const INSTALLATION = 'INSTALLATION#';
export const USER = 'USER#';

type Item = Record<string, unknown>;

const keyOf = (ref: TokenRef) =>
  ref.kind === 'bot' ? `${INSTALLATION}${ref.workspaceId}` : `${USER}${ref.workspaceId}#${ref.userId}`;

/** A token's attributes on its item (undefined values are left out by the document client). */
export function tokenItem(token: StoredToken | undefined): Item {
  if (!token) return {};
  return {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    renewAt: token.renewAt,
    renewFrom: token.renewFrom,
    refreshToken: token.refreshToken,
    scope: token.scope,
  };
}

/** The token stored on an item, if it has one. */
export function tokenOf(item: Item): StoredToken | undefined {
  if (typeof item.accessToken !== 'string') return undefined;
  return {
    accessToken: item.accessToken,
    expiresAt: Number(item.expiresAt),
    renewAt: Number(item.renewAt),
    ...(typeof item.renewFrom === 'number' ? { renewFrom: item.renewFrom } : {}),
    ...(typeof item.refreshToken === 'string' ? { refreshToken: item.refreshToken } : {}),
    ...(typeof item.scope === 'string' ? { scope: item.scope } : {}),
  };
}

function leaseOf(item: Item): RenewalLease | undefined {
  if (typeof item.leaseOwner !== 'string') return undefined;
  return {
    owner: item.leaseOwner,
    until: Number(item.leaseUntil),
    ...(typeof item.leaseSlot === 'number' ? { slotAt: item.leaseSlot } : {}),
  };
}

type TokenLeases = Pick<
  InstallationStore,
  'getToken' | 'getRenewal' | 'acquireRenewalLease' | 'passRenewalLease' | 'saveRenewedToken' | 'releaseRenewalLease'
>;

/**
 * The token half of the DynamoDB InstallationStore: a token and its renewal lease live on the
 * installation's item (bot) or the user's item, `leaseOwner`, `leaseUntil` and `leaseSlot` beside
 * the token's attributes, and every change of the lease is a conditional update.
 */
export function createDynamoTokenLeases(client: DynamoDBDocumentClient, tableName: string): TokenLeases {
  const get = async (pk: string): Promise<Item | undefined> =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk }, ConsistentRead: true }))).Item;

  return {
    async getToken(ref) {
      const item = await get(keyOf(ref));
      return item ? tokenOf(item) : undefined;
    },
    async getRenewal(ref) {
      const item = await get(keyOf(ref));
      const token = item && tokenOf(item);
      const lease = item && leaseOf(item);
      return { ...(token ? { token } : {}), ...(lease ? { lease } : {}) };
    },
    async acquireRenewalLease(ref, owner, leaseUntil, now, rejected, options = {}) {
      const due = [
        'attribute_not_exists(renewAt)',
        'renewAt <= :now',
        ...(rejected === undefined ? [] : ['accessToken = :rejected']),
        ...(options.early ? ['renewFrom <= :now'] : []),
      ].join(' OR ');
      const taken = await conditionalUpdate(client, {
        TableName: tableName,
        Key: { pk: keyOf(ref) },
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until REMOVE leaseSlot',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR ' +
          `leaseOwner = :owner) AND (${due})`,
        ExpressionAttributeValues: {
          ':owner': owner,
          ':until': leaseUntil,
          ':now': now,
          ...(rejected === undefined ? {} : { ':rejected': rejected }),
        },
      });
      return taken !== undefined;
    },
    async saveRenewedToken(ref, _owner, token, now) {
      // No lease condition: the token Plane issued last is the valid one (refresh tokens rotate),
      // so it is stored even if this caller's lease ran out meanwhile.
      const fields = { ...tokenItem(token), updatedAt: now };
      const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
      // Placeholders for every name: `scope` (and others) are DynamoDB reserved words.
      const assignments = entries.map(([name]) => `#${name} = :${name}`).join(', ');
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: keyOf(ref) },
          // A token Plane issued clears an unconfirmed refusal: it was not the installation going away.
          UpdateExpression: `SET ${assignments} REMOVE leaseOwner, leaseUntil, leaseSlot, refusedAt, refusal`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
        }),
      );
    },
    async releaseRenewalLease(ref, owner) {
      await conditionalUpdate(client, {
        TableName: tableName,
        Key: { pk: keyOf(ref) },
        UpdateExpression: 'REMOVE leaseOwner, leaseUntil, leaseSlot',
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      });
    },
    async passRenewalLease(ref, from, to, now) {
      const slot = to.slotAt === undefined ? ' REMOVE leaseSlot' : ', leaseSlot = :slot';
      const passed = await conditionalUpdate(client, {
        TableName: tableName,
        Key: { pk: keyOf(ref) },
        UpdateExpression: `SET leaseOwner = :to, leaseUntil = :until${slot}`,
        ConditionExpression: 'leaseOwner = :from AND leaseUntil >= :now',
        ExpressionAttributeValues: {
          ':from': from,
          ':to': to.owner,
          ':until': to.until,
          ':now': now,
          ...(to.slotAt === undefined ? {} : { ':slot': to.slotAt }),
        },
      });
      return passed !== undefined;
    },
  };
}
