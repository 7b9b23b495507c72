import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, SQSRecord } from 'aws-lambda';
import { dedupKeyOf, parseEnvelope } from '../../lambdas/core/envelope';
import { FIXTURES, withWorkspace } from '../../lambdas/local/fixtures';
import { type PyJson, pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { apiGatewayEvent } from '../../test/helpers/api-gateway';

/** A webhook as Plane sends it: the raw Python-json body and the headers (in Plane's casing). */
export interface SignedWebhook {
  readonly body: string;
  readonly headers: Record<string, string>;
}

const MARKER = '__BENCH_SEQUENCE__';

/**
 * Distinct `issue.updated` bodies (the work item's name carries a sequence number), so the body
 * hash, and so the dedup key, differs for every call. The body is rendered once and numbered by
 * string splicing, which is cheap enough to run inside a load generator.
 */
export function issueUpdatedBodies(workspaceId?: string): (sequence: number) => string {
  const body = withWorkspace(FIXTURES['issue-updated'].body, workspaceId) as { [key: string]: PyJson };
  const data = body.data as { [key: string]: PyJson };
  const [before, after] = pythonJsonDumps({ ...body, data: { ...data, name: `${String(data.name)} ${MARKER}` } }).split(
    MARKER,
  );
  return (sequence) => `${before}#${sequence}${after}`;
}

export { planeHeaders } from '../../test/helpers/webhooks';

/** The API Gateway HTTP API event for a signed `POST /webhook` (header names lower-cased, as API Gateway does). */
export function webhookEvent(webhook: SignedWebhook): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(
    Object.entries(webhook.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return apiGatewayEvent({ method: 'POST', path: '/webhook', headers, body: webhook.body });
}

/** Where a mention comment lives in the simulator. */
export interface MentionTarget {
  readonly workspaceId: string;
  readonly projectId: string;
  readonly workItemId: string;
  /** `<mention-component ...>` markup for the bot. */
  readonly mentionHtml: string;
}

/** An `issue_comment.created` body (Plane's v1 envelope) of a new comment asking the bot for `help`. */
export function mentionCommentBody(target: MentionTarget, sequence: number): string {
  const body = withWorkspace(FIXTURES['issue_comment-created'].body, target.workspaceId) as { [key: string]: PyJson };
  const data = body.data as { [key: string]: PyJson };
  const id = `c1d2e3f4-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return pythonJsonDumps({
    ...body,
    data: {
      ...data,
      id,
      comment_html: `<p>${target.mentionHtml} help</p>`,
      issue: target.workItemId,
      project: target.projectId,
    },
  });
}

/** The SQS record the ingest function would have queued for `body` (same message attributes). */
export function queuedRecord(body: string, queueArn: string): SQSRecord {
  const event = parseEnvelope(body);
  const text = (value: string) => ({
    dataType: 'String',
    stringValue: value,
    stringListValues: [],
    binaryListValues: [],
  });
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {
      event: text(event.event),
      workspaceId: text(event.workspaceId),
      dedupKey: text(dedupKeyOf(body, event)),
      deliveryId: text(randomUUID()),
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}
