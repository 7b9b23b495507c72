import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Installation,
  type InstallationStatus,
  type InstallationStore,
  isInstallationStatus,
  type StoredToken,
  type TokenRef,
  type UserGrant,
} from '../core/installation';
import { isConditionFailed } from './dynamo-client';

const INSTALLATION = 'INSTALLATION#';
/** `INSTALLATION_ID#<Plane's app_installation_id>` → the workspace it belongs to. */
const BY_INSTALLATION_ID = 'INSTALLATION_ID#';
const USER = 'USER#';

type Item = Record<string, unknown>;

const keyOf = (ref: TokenRef) =>
  ref.kind === 'bot' ? `${INSTALLATION}${ref.workspaceId}` : `${USER}${ref.workspaceId}#${ref.userId}`;

function tokenItem(token: StoredToken | undefined): Item {
  if (!token) return {};
  return {
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    renewAt: token.renewAt,
    refreshToken: token.refreshToken,
    scope: token.scope,
  };
}

function tokenOf(item: Item): StoredToken | undefined {
  if (typeof item.accessToken !== 'string') return undefined;
  return {
    accessToken: item.accessToken,
    expiresAt: Number(item.expiresAt),
    renewAt: Number(item.renewAt),
    ...(typeof item.refreshToken === 'string' ? { refreshToken: item.refreshToken } : {}),
    ...(typeof item.scope === 'string' ? { scope: item.scope } : {}),
  };
}

function statusOf(item: Item): InstallationStatus {
  if (isInstallationStatus(item.status)) return item.status;
  // Not guessed at: an unknown status fails the read, so the event is retried and then parked.
  throw new Error(`installation ${String(item.workspaceId)} has an unknown status ${JSON.stringify(item.status)}`);
}

function installationOf(item: Item): Installation {
  return {
    workspaceId: String(item.workspaceId),
    workspaceSlug: String(item.workspaceSlug),
    ...(typeof item.workspaceName === 'string' ? { workspaceName: item.workspaceName } : {}),
    installationId: String(item.installationId),
    botUserId: String(item.botUserId),
    status: statusOf(item),
    ...(typeof item.installedBy === 'string' ? { installedBy: item.installedBy } : {}),
    ...(tokenOf(item) ? { botToken: tokenOf(item) } : {}),
    ...(typeof item.refusedAt === 'number' ? { refusedAt: item.refusedAt } : {}),
    ...(typeof item.refusal === 'string' ? { refusal: item.refusal } : {}),
    createdAt: Number(item.createdAt),
    updatedAt: Number(item.updatedAt),
  };
}

/**
 * InstallationStore on the stack's single table: `INSTALLATION#<workspace>` and
 * `USER#<workspace>#<user>` items, each with its token and renewal lease attributes, and an
 * `INSTALLATION_ID#<id>` pointer per installation so the OAuth callback finds it by Plane's id.
 */
export function createDynamoInstallationStore(client: DynamoDBDocumentClient, tableName: string): InstallationStore {
  const get = async (pk: string): Promise<Item | undefined> =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk }, ConsistentRead: true }))).Item;

  return {
    async getInstallation(workspaceId) {
      const item = await get(`${INSTALLATION}${workspaceId}`);
      return item ? installationOf(item) : undefined;
    },
    async findInstallation(installationId) {
      const pointer = await get(`${BY_INSTALLATION_ID}${installationId}`);
      if (typeof pointer?.workspaceId !== 'string') return undefined;
      const item = await get(`${INSTALLATION}${pointer.workspaceId}`);
      // A reinstall under a new id leaves the old pointer behind: it must not find the new record.
      return item && item.installationId === installationId ? installationOf(item) : undefined;
    },
    async putInstallation(installation) {
      const { botToken, ...fields } = installation;
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `${BY_INSTALLATION_ID}${installation.installationId}`, workspaceId: installation.workspaceId },
        }),
      );
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `${INSTALLATION}${installation.workspaceId}`,
            type: 'installation',
            ...fields,
            ...tokenItem(botToken),
          },
        }),
      );
    },
    async listInstallations() {
      const found: Installation[] = [];
      let startKey: Item | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: 'begins_with(pk, :prefix)',
            ExpressionAttributeValues: { ':prefix': INSTALLATION },
            ExclusiveStartKey: startKey,
          }),
        );
        found.push(...(page.Items ?? []).map(installationOf));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return found.sort((a, b) => a.workspaceSlug.localeCompare(b.workspaceSlug));
    },
    async setInstallationStatus(workspaceId, status, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `${INSTALLATION}${workspaceId}` },
            UpdateExpression: 'SET #status = :status, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':now': now },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    },
    async recordRefusal(workspaceId, reason, now, confirmAfterMs) {
      const update = async (
        expression: string,
        condition: string,
        values: Item,
        names: Record<string, string> = {},
      ) => {
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk: `${INSTALLATION}${workspaceId}` },
              UpdateExpression: expression,
              ConditionExpression: condition,
              ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
              ExpressionAttributeValues: values,
            }),
          );
          return true;
        } catch (error) {
          if (isConditionFailed(error)) return false;
          throw error;
        }
      };
      // Two conditional steps, so two Lambdas refused at once record one first refusal between them.
      if (
        await update(
          'SET refusedAt = :now, refusal = :reason',
          'attribute_exists(pk) AND attribute_not_exists(refusedAt)',
          { ':now': now, ':reason': reason },
        )
      )
        return 'first';
      const confirmed = await update(
        'SET #status = :status, updatedAt = :now',
        'attribute_exists(pk) AND refusedAt <= :confirmBefore',
        { ':status': 'reinstall_needed', ':now': now, ':confirmBefore': now - confirmAfterMs },
        { '#status': 'status' },
      );
      return confirmed ? 'confirmed' : 'unconfirmed';
    },
    async getUserGrant(workspaceId, userId) {
      const item = await get(`${USER}${workspaceId}#${userId}`);
      const token = item && tokenOf(item);
      if (!item || !token) return undefined;
      return { workspaceId, userId, token, createdAt: Number(item.createdAt), updatedAt: Number(item.updatedAt) };
    },
    async putUserGrant(grant: UserGrant) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `${USER}${grant.workspaceId}#${grant.userId}`,
            type: 'user',
            workspaceId: grant.workspaceId,
            userId: grant.userId,
            ...tokenItem(grant.token),
            createdAt: grant.createdAt,
            updatedAt: grant.updatedAt,
          },
        }),
      );
    },
    async getToken(ref) {
      const item = await get(keyOf(ref));
      return item ? tokenOf(item) : undefined;
    },
    async acquireRenewalLease(ref, owner, leaseUntil, now, rejected) {
      const due =
        rejected === undefined
          ? '(attribute_not_exists(renewAt) OR renewAt <= :now)'
          : '(attribute_not_exists(renewAt) OR renewAt <= :now OR accessToken = :rejected)';
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: keyOf(ref) },
            UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR ' +
              `leaseOwner = :owner) AND ${due}`,
            ExpressionAttributeValues: {
              ':owner': owner,
              ':until': leaseUntil,
              ':now': now,
              ...(rejected === undefined ? {} : { ':rejected': rejected }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
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
          UpdateExpression: `SET ${assignments} REMOVE leaseOwner, leaseUntil, refusedAt, refusal`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
        }),
      );
    },
    async releaseRenewalLease(ref, owner) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: keyOf(ref) },
            UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    },
  };
}
