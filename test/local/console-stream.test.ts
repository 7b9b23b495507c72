import { get, type IncomingMessage } from 'node:http';
import { resolveLocalSettings } from '../../lambdas/local/local-settings';
import { createPrettyLogger } from '../../lambdas/local/pretty-log';
import { type LocalApp, startLocal } from '../../lambdas/local/runtime';
import { createBrowser } from '../helpers/browser';

// The console's live updates over Server-Sent Events, read as plain HTTP (the browser flows are in
// test/browser, run by npm run test:browser).
let app: LocalApp;

beforeAll(async () => {
  app = await startLocal({
    settings: resolveLocalSettings({ PORT: '0', PLANE_SIM_PORT: '0' }, {}),
    log: createPrettyLogger({ write: () => undefined }),
  });
  const browser = createBrowser();
  const { action, fields } = browser.form(await browser.get(app.installUrl), 'approve');
  await browser.post(action, fields);
}, 30_000);

afterAll(() => app.stop());

interface Update {
  shape: string;
  regions: Record<string, string>;
}

/** Opens the console's stream and collects its updates until `done` says enough; `first` runs after the first. */
function follow(
  done: (updates: Update[]) => boolean,
  first: () => void,
): Promise<{ updates: Update[]; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = get(`${app.appUrl}/local/stream`, (response) => {
      const updates: Update[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) updates.push(JSON.parse(data) as Update);
          if (data && updates.length === 1) first();
        }
        if (done(updates)) {
          request.destroy();
          resolve({ updates, response });
        }
      });
    });
    request.on('error', reject);
  });
}

test('the stream sends the page state at once, then the mention, the run and its response as they happen', async () => {
  const item = app.simulator?.data.workItems[1];
  if (!item || !app.simulator) throw new Error('no work item');
  const thread = `thread-${item.id}`;
  const simulator = app.simulator;
  const { updates, response } = await follow(
    (received) => received.some((update) => update.regions[thread]?.includes('activity-response')),
    () => simulator.createComment(item.id, `<p>${simulator.mentionHtml()} summary</p>`),
  );

  expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
  expect(updates[0].regions[thread]).toContain('No comments yet.');
  expect(updates[0].shape).toMatch(/^installed:/);
  const last = updates.at(-1)?.regions[thread] ?? '';
  expect(last).toContain('<p>@Plane App Kit Bot summary</p>');
  // The run's status as the simulator holds it, then its thought and its response, in order.
  const run = simulator.agentRuns().find((candidate) => candidate.issue === item.id);
  expect(last).toContain(`data-status="${run?.status}"`);
  expect(last).toMatch(/activity-thought.*activity-response/s);
  expect(last).toContain(`Summary of &#34;${item.name}&#34;`);
  // The mention is shown once: as the thread's first comment, not again as the run's prompt.
  expect(last).not.toContain('activity-prompt');
  // Each frame differs from the one before: an unchanged state is not sent again.
  const texts = updates.map((update) => JSON.stringify(update));
  expect(new Set(texts).size).toBe(texts.length);
});
