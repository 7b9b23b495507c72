import { type Check, type DoctorFacts, fail, pass } from './report';
import { signedTestWebhook } from './test-webhook';

export interface HttpChecksOptions {
  readonly fetch?: typeof fetch;
  /** How to store the app's values here: `npm run configure -- --stage dev`, or the local settings. */
  readonly configureFix: string;
  /** What to do when ingest rejects a webhook signed with the webhook secret doctor read. */
  readonly signatureFix: string;
  /**
   * Looks for the test event in the processor's logs (CloudWatch, or local mode's event trail)
   * until `deadline` (ms since the epoch); resolves with what the processor logged, or undefined.
   */
  readonly findProcessed: (dedupKey: string, deadline: number) => Promise<string | undefined>;
  /** How long the test event may take to reach the processor. */
  readonly timeoutMs: number;
}

const CONSENT_PATH = '/auth/o/authorize-app/';
/** The visible text of our own HTML error page (it says what is missing), for a failure's detail. */
const pageText = (html: string) =>
  html
    .replace(/<(style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);

/** The Setup URL answers a redirect to Plane's consent URL with this client id and this Redirect URI. */
function setupRedirect(options: HttpChecksOptions): Check {
  return {
    name: 'Setup URL',
    needs: ['setupUrl', 'redirectUri'],
    async run(facts: DoctorFacts) {
      const doFetch = options.fetch ?? fetch;
      const response = await doFetch(facts.setupUrl ?? '', { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        const text = pageText(await response.text());
        return fail(
          `answered ${response.status} instead of a redirect to Plane${text ? `: "${text}"` : ''}`,
          response.status >= 500 ? options.configureFix : 'check that the SetupUrl output is the URL you opened',
        );
      }
      const consent = new URL(location);
      const params = consent.searchParams;
      const problems: string[] = [];
      if (!consent.pathname.endsWith(CONSENT_PATH)) problems.push(`goes to ${consent.pathname}, not ${CONSENT_PATH}`);
      if (!params.get('client_id')) problems.push('has no client_id');
      else if (facts.clientId && params.get('client_id') !== facts.clientId)
        problems.push('sends another client_id than expected');
      if (params.get('redirect_uri') !== facts.redirectUri)
        problems.push(`sends redirect_uri ${params.get('redirect_uri') ?? '(none)'}, not ${facts.redirectUri}`);
      if (params.get('response_type') !== 'code' || !params.get('state'))
        problems.push('lacks response_type=code or a state');
      if (problems.length > 0) return fail(`the redirect ${problems.join('; ')}`, options.configureFix);
      return pass(
        `redirects to ${consent.origin}${CONSENT_PATH} with ${facts.clientId ? 'the expected' : 'a'} client id ` +
          'and this Redirect URI',
      );
    },
  };
}

/** An unsigned POST to the Webhook URL is refused with 401: ingest checks signatures. */
function unsignedWebhook(options: HttpChecksOptions): Check {
  return {
    name: 'Webhook URL refuses an unsigned POST',
    needs: ['webhookUrl'],
    async run(facts) {
      const response = await (options.fetch ?? fetch)(facts.webhookUrl ?? '', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Plane-Event': 'issue' },
        body: '{}',
        redirect: 'manual',
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      if (response.status === 401) return pass('401, as it should');
      if (response.status >= 200 && response.status < 300)
        return fail(`answered ${response.status}: ingest accepted an unsigned webhook`, 'check the ingest function');
      return fail(
        `answered ${response.status} instead of 401`,
        response.status === 404
          ? 'the WebhookUrl output points at no route: deploy the current version'
          : "ingest could not run: look at its log group for 'ingest is not configured' or the error",
      );
    },
  };
}

/** A signed test webhook is answered 200 and reaches the processor (found in its logs). */
function signedWebhook(options: HttpChecksOptions): Check {
  return {
    name: 'Signed test webhook',
    needs: ['webhookUrl', 'webhookSecret'],
    async run(facts) {
      // An event the stage subscribes to: ingest answers 200 to the others and the processor never sees them.
      const webhook = signedTestWebhook(facts.webhookSecret ?? '', facts.subscriptions);
      if (!webhook)
        return fail(
          'the app subscribes to no event: ingest answers 200 to every webhook and queues none',
          'register a handler in lambdas/app (app.on or app.onAny) and deploy',
        );
      const sentAt = Date.now();
      const response = await (options.fetch ?? fetch)(facts.webhookUrl ?? '', {
        method: 'POST',
        headers: webhook.headers,
        body: webhook.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status === 401)
        return fail('answered 401 to a webhook signed with the webhook secret doctor read', options.signatureFix);
      if (response.status !== 200)
        return fail(`answered ${response.status} instead of 200`, "look at the ingest function's log for the reason");
      const found = await options.findProcessed(webhook.dedupKey, sentAt + options.timeoutMs);
      const waited = (options.timeoutMs / 1000).toFixed(options.timeoutMs < 10_000 ? 1 : 0);
      if (!found)
        return fail(
          `answered 200, but the processor did not log it within ${waited} s`,
          "look at the processor's log and errors, and the queue's age on the dashboard",
        );
      return pass(
        `answered 200 and reached the processor in ${((Date.now() - sentAt) / 1000).toFixed(1)} s ` +
          `(sent ${webhook.name}; ${found})`,
      );
    },
  };
}

/** The checks both targets share: they only speak HTTP to the app's three URLs. */
export function httpChecks(options: HttpChecksOptions): Check[] {
  return [setupRedirect(options), unsignedWebhook(options), signedWebhook(options)];
}
