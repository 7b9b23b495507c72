import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { configureStage } from '../../bin/ops/configure-stage';
import { parseCredentials, readCredentials } from '../../bin/ops/credentials-input';
import { putClientSecret } from '../../bin/ops/put-secret';
import { writeDotEnvCredentials } from '../../bin/ops/store-credentials';
import { LOCAL_AWS, type StandIn, startSecretsManager } from '../../lambdas/local/stand-ins';

const CLIENT_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ClientSecret-a1';
const WEBHOOK_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:WebhookSecret-b2';
const values = {
  clientId: 'EXAMPLEclientid0123',
  clientSecret: 'EXAMPLEclientsecret0123456789',
  webhookSecret: 'EXAMPLEwebhooksecret0123456789',
};
const threeLines = `${values.clientId}\n${values.clientSecret}\n${values.webhookSecret}\n`;
const pipe = (text: string) => Readable.from([Buffer.from(text)]) as unknown as NodeJS.ReadStream;
const sink = () => new PassThrough() as unknown as NodeJS.WriteStream;

/** The stack's outputs, as DescribeStacks returns them. */
function cloudFormationWith(outputs: Record<string, string>): CloudFormationClient {
  const client = new CloudFormationClient({ ...LOCAL_AWS });
  mockClient(client)
    .on(DescribeStacksCommand, { StackName: 'PlaneApp-dev' })
    .resolves({
      Stacks: [
        {
          StackName: 'PlaneApp-dev',
          CreationTime: new Date(0),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    });
  return client;
}

describe('the pipe format of npm run configure', () => {
  test('three lines: client id, client secret, webhook secret', () => {
    expect(parseCredentials(`\n${threeLines}\n`)).toEqual(values);
  });

  test('one JSON object with client_id, client_secret and webhook_secret', () => {
    const json = JSON.stringify({
      client_id: values.clientId,
      client_secret: values.clientSecret,
      webhook_secret: values.webhookSecret,
    });
    expect(parseCredentials(json)).toEqual(values);
  });

  test.each([
    ['two lines', `${values.clientId}\n${values.clientSecret}\n`, 'got 2 non-empty line(s)'],
    [
      'malformed JSON',
      `{"client_id": "${values.clientId}", "client_secret": "${values.clientSecret}"`,
      'not valid JSON',
    ],
    [
      'JSON without the webhook secret',
      JSON.stringify({ client_id: 'a', client_secret: 'b' }),
      'webhook secret is missing',
    ],
    ['the secret pasted as the id', `${values.clientSecret}\n${values.clientSecret}\nw`, 'are the same value'],
    ['a value with a space', `${values.clientId}\nsecret with space\nw`, 'client secret contains a space'],
  ])('%s: a clear error that quotes no value', (_, text, reason) => {
    expect(() => parseCredentials(text)).toThrow(reason);
    expect(() => parseCredentials(text)).toThrow('Nothing was stored.');
    expect(() => parseCredentials(text)).not.toThrow(values.clientSecret);
  });
});

test('on a terminal the client id is echoed and both secrets are hidden', async () => {
  const input = new PassThrough() as unknown as NodeJS.ReadStream & PassThrough;
  Object.assign(input, { isTTY: true, setRawMode: () => input });
  const output = new PassThrough();
  const shown: string[] = [];
  output.on('data', (chunk: Buffer) => shown.push(chunk.toString('utf8')));
  const reading = readCredentials('PlaneApp-dev', input, output as unknown as NodeJS.WriteStream);
  // Each value is typed once its prompt is on the screen, as a person would.
  const prompts = ['Client ID: ', 'Client Secret (hidden): ', 'Webhook secret (hidden): '];
  for (const [i, value] of [values.clientId, values.clientSecret, values.webhookSecret].entries()) {
    while (!shown.join('').includes(prompts[i])) await new Promise((resolve) => setImmediate(resolve));
    input.write(`${value}\r`);
  }
  expect(await reading).toEqual(values);
  const screen = shown.join('');
  expect(screen).toContain('Client Secret (hidden): ');
  expect(screen).toContain(values.clientId);
  expect(screen).not.toContain(values.clientSecret);
  expect(screen).not.toContain(values.webhookSecret);
});

describe('configureStage against the Secrets Manager stand-in (real SDK, real wire)', () => {
  let secrets: StandIn;
  let client: SecretsManagerClient;
  let store: Map<string, string>;
  beforeEach(async () => {
    store = new Map([
      [CLIENT_ARN, 'placeholder-from-cloudformation'],
      [WEBHOOK_ARN, 'placeholder-from-cloudformation'],
    ]);
    secrets = await startSecretsManager(store);
    client = new SecretsManagerClient({ ...LOCAL_AWS, endpoint: secrets.endpoint });
  });
  afterEach(async () => {
    client.destroy();
    await secrets.close();
  });

  test('finds the secrets from the outputs, stores the client id inside the client secret, no deploy', async () => {
    const report = await configureStage({
      stage: 'dev',
      secrets: client,
      cloudFormation: cloudFormationWith({
        ClientSecretArn: CLIENT_ARN,
        WebhookSecretArn: WEBHOOK_ARN,
        SetupUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/oauth/setup',
      }),
      input: pipe(threeLines),
      output: sink(),
    });
    expect(JSON.parse(store.get(CLIENT_ARN) ?? '')).toEqual({
      client_id: values.clientId,
      client_secret: values.clientSecret,
    });
    expect(store.get(WEBHOOK_ARN)).toBe(values.webhookSecret);
    expect(report).toContain('Stored the client id, client secret and webhook secret of PlaneApp-dev.');
    expect(report).toContain('No deploy needed');
    expect(report).toContain('install the app from https://abc.execute-api.us-east-1.amazonaws.com/oauth/setup');
    expect(report).toContain('npm run doctor -- --stage dev');
    for (const value of Object.values(values)) expect(report).not.toContain(value);
  });

  test('bad input stores nothing', async () => {
    await expect(
      configureStage({
        stage: 'dev',
        secrets: client,
        arns: { clientSecretArn: CLIENT_ARN, webhookSecretArn: WEBHOOK_ARN },
        input: pipe(`${values.clientId}\n${values.clientSecret}\n`),
        output: sink(),
      }),
    ).rejects.toThrow('Nothing was stored.');
    expect([...store.values()]).toEqual(['placeholder-from-cloudformation', 'placeholder-from-cloudformation']);
  });

  test('a stage that is not deployed: says which stack and what to check', async () => {
    const cloudFormation = new CloudFormationClient({ ...LOCAL_AWS });
    mockClient(cloudFormation)
      .on(DescribeStacksCommand)
      .rejects(new Error('Stack with id PlaneApp-dev does not exist'));
    await expect(
      configureStage({ stage: 'dev', secrets: client, cloudFormation, input: pipe(threeLines), output: sink() }),
    ).rejects.toThrow(/could not read the outputs of stack PlaneApp-dev .*AWS_PROFILE \/ AWS_REGION/);
  });

  test('set-secret client keeps the client id that configure stored', async () => {
    store.set(CLIENT_ARN, JSON.stringify({ client_id: values.clientId, client_secret: 'old' }));
    await putClientSecret(client, CLIENT_ARN, 'EXAMPLEregenerated0123');
    expect(JSON.parse(store.get(CLIENT_ARN) ?? '')).toEqual({
      client_id: values.clientId,
      client_secret: 'EXAMPLEregenerated0123',
    });
    store.set(CLIENT_ARN, 'plain-old-secret');
    await putClientSecret(client, CLIENT_ARN, 'EXAMPLEregenerated0123');
    expect(store.get(CLIENT_ARN)).toBe('EXAMPLEregenerated0123');
  });
});

test('a failure after the client secret says exactly what was stored, and no value', async () => {
  const client = new SecretsManagerClient({ ...LOCAL_AWS });
  const mock = mockClient(client);
  mock.on(PutSecretValueCommand, { SecretId: CLIENT_ARN }).resolves({});
  mock
    .on(PutSecretValueCommand, { SecretId: WEBHOOK_ARN })
    .rejects(new Error('User is not authorized to perform: secretsmanager:PutSecretValue'));
  const configuring = configureStage({
    stage: 'dev',
    secrets: client,
    arns: { clientSecretArn: CLIENT_ARN, webhookSecretArn: WEBHOOK_ARN },
    input: pipe(threeLines),
    output: sink(),
  });
  await expect(configuring).rejects.toThrow(
    'the client id and client secret were stored, the webhook secret was not (User is not authorized to ' +
      'perform: secretsmanager:PutSecretValue); run the command again',
  );
  expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
});

test('configure --local writes the three values into .env and keeps the other lines', () => {
  const folder = mkdtempSync(join(tmpdir(), 'configure-'));
  try {
    const path = join(folder, '.env');
    writeFileSync(path, 'PORT=3001\nPLANE_CLIENT_ID=old-id\n# a comment\nexport PLANE_WEBHOOK_SECRET=old\n');
    writeDotEnvCredentials(path, values);
    expect(readFileSync(path, 'utf8')).toBe(
      `PORT=3001\n# a comment\nPLANE_CLIENT_ID=${values.clientId}\nPLANE_CLIENT_SECRET=${values.clientSecret}\n` +
        `PLANE_WEBHOOK_SECRET=${values.webhookSecret}\n`,
    );
    const fresh = join(folder, 'new.env');
    writeDotEnvCredentials(fresh, values);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
