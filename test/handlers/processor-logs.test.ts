import type { AppSetup } from '../../lambdas/core/router';
import { installation, type Pipeline, startPipeline } from '../helpers/pipeline';
import { v1Envelope } from '../helpers/webhooks';

const TOKEN = 'pln_bot_LEAKED_BY_A_HANDLER_1234567890';

let pipeline: Pipeline;
/** Lambda sends stdout and stderr to the log group; Powertools writes warnings and errors to stderr. */
let output: jest.SpyInstance[];

beforeAll(async () => {
  pipeline = await startPipeline();
  await pipeline.store.putInstallation(installation());
});
afterAll(() => pipeline.close());
beforeEach(() => {
  output = [process.stdout, process.stderr].map((stream) => jest.spyOn(stream, 'write').mockImplementation(() => true));
});
afterEach(() => {
  for (const spy of output) spy.mockRestore();
});

async function deliver(envelopes: Array<Record<string, unknown>>): Promise<void> {
  for (const envelope of envelopes) await pipeline.deliver(envelope);
  for (const spy of output) spy.mockClear(); // ingest's lines: only the processor's are under test
}

/** The processor's JSON lines, parsed; EMF lines (metrics, no level) apart. */
function written(): { logs: Array<Record<string, unknown>>; metrics: Array<Record<string, unknown>> } {
  const lines = output
    .flatMap((spy) => spy.mock.calls.map((call) => String(call[0])))
    .join('')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logs: lines.filter((line) => !('_aws' in line)), metrics: lines.filter((line) => '_aws' in line) };
}

/** An app that handles work items and, by mistake, logs a token while doing so. */
const careless: AppSetup = (app) => {
  app.on('issue', (event, ctx) => {
    ctx.log.debug('calling Plane', { authorization: `Bearer ${TOKEN}`, note: `token ${TOKEN}` });
    if (event.data.id === 'fails') throw new Error(`Plane refused ${TOKEN}`);
  });
};

test('one INFO line per event, its outcome, with the dedup key; nothing Lambda already knows', async () => {
  await deliver([
    v1Envelope({ data: { id: 'a' } }),
    v1Envelope({ data: { id: 'b' } }),
    v1Envelope({ workspaceId: 'ws-nobody', data: { id: 'c' } }),
  ]);
  await pipeline.drain(careless, { logs: 'stdout' });
  const { logs, metrics } = written();
  // Workspaces run in parallel: sorted, as their order is not fixed.
  expect(logs.map((line) => `${line.level} ${line.message} ${line.reason ?? ''}`.trim()).sort()).toEqual([
    'INFO event processed',
    'INFO event processed',
    'INFO event skipped unknown_installation',
  ]);
  for (const line of logs) {
    expect(Object.keys(line).sort()).toEqual(
      ['dedupKey', 'event', 'level', 'message', 'workspaceId', ...(line.reason ? ['reason'] : [])].sort(),
    );
    expect(line.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
  // The batch's counts: EMF lines, one per metric and dimension set, not one per event.
  expect(metrics.map((line) => `${line.EventProcessed ?? '-'} ${line.EventSkipped ?? '-'}`).sort()).toEqual([
    '- 1',
    '2 -',
  ]);
});

test('at DEBUG the details come too, each with the dedup key, and the leaked token is redacted', async () => {
  await deliver([v1Envelope({ data: { id: 'd' } })]);
  await pipeline.drain(careless, { logs: 'stdout', env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } });
  const { logs } = written();
  expect(logs.map((line) => line.message)).toEqual(['event received', 'calling Plane', 'event processed']);
  expect(new Set(logs.map((line) => line.dedupKey)).size).toBe(1);
  expect(logs[0].deliveryId).toEqual(expect.any(String));
  expect(JSON.stringify(logs)).not.toContain(TOKEN);
});

test('a failure is logged as an error with the request id and the delivery id, the token redacted', async () => {
  await deliver([v1Envelope({ data: { id: 'fails' } })]);
  await pipeline.drain(careless, { logs: 'stdout', maxBatches: 1 });
  const { logs } = written();
  const failed = logs.find((line) => line.message === 'event failed; it will be retried');
  expect(failed).toMatchObject({
    level: 'ERROR',
    requestId: expect.stringMatching(/^request-\d+$/),
    deliveryId: expect.any(String),
    dedupKey: expect.stringMatching(/^sha256:/),
  });
  expect(JSON.stringify(logs)).not.toContain(TOKEN);
  await pipeline.drain((app) => app.on('issue', () => undefined));
});
