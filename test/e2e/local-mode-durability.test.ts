import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import type { PlaneEvent } from '../../lambdas/core/events';
import type { AppSetup } from '../../lambdas/core/router';
import { signBody } from '../../lambdas/core/signature';
import { LOCAL_DEFAULTS, resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { LOCAL_AWS } from '../../lambdas/local/stand-ins';
import { installation } from '../helpers/pipeline';
import { type SwitchableProxy, startSwitchableProxy } from '../helpers/switchable-proxy';
import { pythonJson, v1Envelope } from '../helpers/webhooks';

// Local mode with the functions' SQS traffic through a proxy that can play an SQS outage, and an app
// that records every work-item event its handler receives.
const WORKSPACE = 'ws-durability';
let app: LocalApp;
let proxy: SwitchableProxy;
let logs: string[];
const seen: PlaneEvent[] = [];
const setup: AppSetup = (plane) => {
  plane.on('issue', (event) => {
    seen.push(event);
  });
};

beforeAll(async () => {
  proxy = await startSwitchableProxy();
  logs = [];
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    setup,
    retrySeconds: 1,
    sweepSeconds: 0, // the test runs the sweeper itself
    log: createPrettyLogger({ colour: false, write: (line) => logs.push(line) }),
    functionsSqsEndpoint: (endpoint) => {
      proxy.target(endpoint);
      return proxy.endpoint;
    },
  });
  const documents = createDocumentClient();
  await createDynamoInstallationStore(documents, app.env.TABLE_NAME).putInstallation(
    installation({ workspaceId: WORKSPACE }),
  );
  documents.destroy();
}, 30_000);

afterAll(async () => {
  await app.stop();
  await proxy.close();
});

async function post(body: string): Promise<number> {
  const response = await fetch(`${app.appUrl}/webhook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Plane-Event': 'issue',
      'X-Plane-Delivery': crypto.randomUUID(),
      'X-Plane-Signature': signBody(body, LOCAL_DEFAULTS.PLANE_WEBHOOK_SECRET),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

test('a 2 MB webhook is answered 200 and processed by the handler, its body whole', async () => {
  const text = 'Steps to reproduce, expected and actual results. '.repeat(41_000);
  const body = pythonJson(
    v1Envelope({ workspaceId: WORKSPACE, data: { id: 'two-mb', description_html: `<p>${text}</p>` } }),
  );
  expect(Buffer.byteLength(body)).toBeGreaterThan(2_000_000);
  expect(await post(body)).toBe(200);
  await app.idle();
  const event = seen.find((candidate) => candidate.data.id === 'two-mb');
  expect(event?.data.description_html).toBe(`<p>${text}</p>`);
}, 60_000);

test('while SQS is down a webhook is answered 200, kept, and processed once the sweeper runs', async () => {
  const body = pythonJson(v1Envelope({ workspaceId: WORKSPACE, data: { id: 'during-outage' } }));
  proxy.setDown(true);
  try {
    expect(await post(body)).toBe(200);
    await app.idle();
    expect(seen.map((event) => event.data.id)).not.toContain('during-outage');
    // A sweep during the outage moves nothing and keeps the webhook.
    expect(await app.sweep().catch((error: Error) => error.message)).toMatch(/could not be re-enqueued/);
  } finally {
    proxy.setDown(false);
  }
  expect(await app.sweep()).toEqual({ swept: 1, failed: 0 });
  await app.idle();
  expect(seen.filter((event) => event.data.id === 'during-outage')).toHaveLength(1);
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: app.s3.endpoint });
  const left = await s3.send(new ListObjectsV2Command({ Bucket: app.s3.bucket, Prefix: 'undelivered/' }));
  s3.destroy();
  expect(left.KeyCount ?? 0).toBe(0);
  expect(logs.join('\n')).toMatch(/kept it in the bucket for the sweeper/);
  // The event inspector shows the same path.
  const recorded = app.events.list().find((candidate) => candidate.body.toString('utf8') === body);
  expect(recorded?.steps.map((step) => step.kind)).toEqual(['queued', 'received', 'processed']);
  expect(recorded?.steps[0].detail).toContain('waits in the bucket for the sweeper');
}, 90_000);
