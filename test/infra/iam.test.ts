import type { PlaneFunction } from '../../lib/plane-function';
import {
  actionsOf,
  environmentOf,
  logicalId,
  type Statement,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStage,
  statementsOfRole,
  synthStage,
} from './app-helper';

let dev: SynthesizedStage;
beforeAll(() => {
  dev = synthStage();
}, SYNTH_TIMEOUT_MS);

/** Statements of a function's role, minus the one that writes its own log group. */
function grantsOf(fn: PlaneFunction): Statement[] {
  const logGroup = { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] };
  return statementsOfRole(dev.template, logicalId(fn.role)).filter(
    (s) => JSON.stringify(s.Resource) !== JSON.stringify(logGroup),
  );
}

const summary = (statements: Statement[]) =>
  statements
    .map((s) => ({ actions: actionsOf(s), resource: s.Resource }))
    .sort((a, b) => a.actions[0].localeCompare(b.actions[0]));

const queueArn = () => ({ 'Fn::GetAtt': [logicalId(dev.stack.queues.queue), 'Arn'] });
const tableArn = () => ({ 'Fn::GetAtt': [logicalId(dev.stack.table.table), 'Arn'] });
const bucketArn = () => ({ 'Fn::GetAtt': [logicalId(dev.stack.payloads.bucket), 'Arn'] });
const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn(), `/${prefix}*`]] });
const webhookSecret = () => ({ Ref: logicalId(dev.stack.secrets.webhookSecret) });
const clientSecret = () => ({ Ref: logicalId(dev.stack.secrets.clientSecret) });
const readSecret = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const readWriteTable = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

describe('least privilege', () => {
  test('every function may write only to its own log group', () => {
    for (const fn of [dev.stack.ingest, dev.stack.processor, dev.stack.oauthSetup, dev.stack.oauthCallback]) {
      const logs = statementsOfRole(dev.template, logicalId(fn.role)).filter((s) =>
        actionsOf(s)[0].startsWith('logs:'),
      );
      expect(summary(logs)).toEqual([
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resource: { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] },
        },
      ]);
    }
  });

  test('ingest: send to the queue, read the webhook secret, put objects under large/ and undelivered/ only', () => {
    expect(summary(grantsOf(dev.stack.ingest))).toEqual([
      { actions: ['s3:PutObject'], resource: [objects('large/'), objects('undelivered/')] },
      { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resource: webhookSecret() },
      { actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], resource: queueArn() },
    ]);
  });

  test('sweeper: list, read and delete undelivered/, put claim checks under large/, send to the queue', () => {
    const statements = grantsOf(dev.stack.sweeper);
    expect(summary(statements)).toEqual([
      { actions: ['s3:DeleteObject', 's3:GetObject'], resource: objects('undelivered/') },
      { actions: ['s3:ListBucket'], resource: bucketArn() },
      { actions: ['s3:PutObject'], resource: objects('large/') },
      { actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], resource: queueArn() },
    ]);
    const list = statements.find((statement) => actionsOf(statement).includes('s3:ListBucket'));
    expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': 'undelivered/*' } });
  });

  test('processor: consume the queue, read/write the table, read the client secret', () => {
    expect(summary(grantsOf(dev.stack.processor))).toEqual([
      { actions: readWriteTable, resource: tableArn() },
      { actions: ['s3:GetObject'], resource: objects('large/') },
      { actions: readSecret, resource: clientSecret() },
      {
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
        resource: queueArn(),
      },
    ]);
  });

  test('setup: write the table, and read the client secret (the client id is stored in it)', () => {
    expect(summary(grantsOf(dev.stack.oauthSetup))).toEqual([
      {
        actions: [
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteItem',
          'dynamodb:DescribeTable',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        resource: tableArn(),
      },
      { actions: readSecret, resource: clientSecret() },
    ]);
  });

  test('callback: read/write the table and read the client secret', () => {
    expect(summary(grantsOf(dev.stack.oauthCallback))).toEqual([
      { actions: readWriteTable, resource: tableArn() },
      { actions: readSecret, resource: clientSecret() },
    ]);
  });

  test('only the OAuth functions and the processor can read the client secret', () => {
    const readers = [dev.stack.ingest, dev.stack.processor, dev.stack.oauthSetup, dev.stack.oauthCallback]
      .filter((fn) =>
        JSON.stringify(statementsOfRole(dev.template, logicalId(fn.role))).includes(JSON.stringify(clientSecret())),
      )
      .map((fn) => fn.node.id);
    expect(readers).toEqual(['Processor', 'OAuthSetup', 'OAuthCallback']);
  });

  test('only the ingest can read the webhook secret', () => {
    const policies = JSON.stringify(dev.template.findResources('AWS::IAM::Policy'));
    const readers = [dev.stack.ingest, dev.stack.processor, dev.stack.oauthSetup, dev.stack.oauthCallback]
      .filter((fn) =>
        JSON.stringify(statementsOfRole(dev.template, logicalId(fn.role))).includes(JSON.stringify(webhookSecret())),
      )
      .map((fn) => fn.node.id);
    expect(readers).toEqual(['Ingest']);
    expect(policies.split(JSON.stringify(webhookSecret())).length - 1).toBe(1);
  });

  test('no statement allows a wildcard action, nor a wildcard resource but GetRandomPassword (it has none)', () => {
    const statements = Object.values(dev.template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
    const anyResource = statements.filter((statement) => statement.Resource === '*').map(actionsOf);
    expect(anyResource).toEqual([['secretsmanager:GetRandomPassword']]);
    expect(JSON.stringify(statements)).not.toMatch(/"[a-z0-9]+:\*"/);
  });

  test('no secret value appears in any function environment', () => {
    for (const fn of [dev.stack.ingest, dev.stack.processor, dev.stack.oauthSetup, dev.stack.oauthCallback]) {
      const env = JSON.stringify(environmentOf(dev.template, logicalId(fn.lambdaFunction)));
      expect(env).not.toMatch(/resolve:secretsmanager|SecretString/);
    }
  });
});
