import type { PlaneSimulator } from '../../lambdas/local/plane-simulator';
import { api, apiKeyAuth, installWithBotToken, startSimulator } from '../helpers/sim-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/sim-receiver';

let sim: PlaneSimulator;
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  sim = await startSimulator({ webhookUrl: receiver.url });
  await installWithBotToken(sim);
});
afterEach(async () => {
  await sim.stop();
  await receiver.close();
});

test('a work item with a long description sends a webhook of Plane size, with every description field', async () => {
  const paragraph = 'Checkout fails when the cart holds more than ten items; see the logs below. ';
  const html = Array.from({ length: 1_200 }, (_, i) => `<p>${i}: ${paragraph}</p>`).join('');
  await api(sim, `/workspaces/acme/projects/${sim.data.projects[0].id}/work-items/`, apiKeyAuth, {
    method: 'POST',
    body: { name: 'Long description', description_html: html },
  });
  await sim.idle();
  const [hook] = receiver.received;
  // The HTML, its text, the editor document twice and its base64 form: about four times the HTML.
  expect(hook.body.byteLength).toBeGreaterThan(3 * html.length);
  expect(hook.body.byteLength).toBeGreaterThan(262_144);
  const data = (JSON.parse(hook.body.toString('utf8')) as { data: Record<string, unknown> }).data;
  const keys = Object.keys(data);
  expect(keys.slice(keys.indexOf('description_json'), keys.indexOf('description_json') + 4)).toEqual([
    'description_json',
    'description_html',
    'description_stripped',
    'description_binary',
  ]);
  expect(data.description).toEqual(data.description_json);
  expect((data.description_json as { content: unknown[] }).content).toHaveLength(1_200);
  expect(data.description_html).toBe(html);
  expect(String(data.description_stripped)).toContain(`1199: ${paragraph.trim()}`);
  expect(Buffer.from(String(data.description_binary), 'base64').byteLength).toBeGreaterThan(html.length / 2);
});
