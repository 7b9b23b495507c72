import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Installation,
  type InstallationStatus,
  type InstallationStore,
  isInstallationStatus,
  type UserGrant,
} from '../core/installation';
import { isConditionFailed } from './dynamo-client';
import { createDynamoTokenLeases, INSTALLATION, tokenItem, tokenOf, USER } from './dynamo-token-leases';

/** `INSTALLATION_ID#<Plane's app_installation_id>` → the workspace it belongs to. */
const BY_INSTALLATION_ID = 'INSTALLATION_ID#';

type Item = Record<string, unknown>;

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
    ...createDynamoTokenLeases(client, tableName),
  };
}
