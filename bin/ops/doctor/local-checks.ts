import { httpChecks } from './http-checks';
import { type Check, fail, pass, skip } from './report';

/** What GET /local/health answers (lambdas/local/health-route.ts). */
interface LocalHealth {
  readonly setupUrl: string;
  readonly redirectUri: string;
  readonly webhookUrl: string;
  readonly planeUrl: string;
  readonly clientId: string;
  readonly defaulted: readonly string[];
  /** What ingest lets through; absent from an app older than subscriptions (it queues everything). */
  readonly subscriptions?: readonly string[];
  readonly deadLetterQueue: number;
  readonly installations: number;
  readonly event?: { message: string; reason?: string } | null;
}

export interface LocalChecksOptions {
  /** The running app, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** The values this shell's settings give (environment, .env, defaults), as `npm start` reads them. */
  readonly clientId: string;
  readonly webhookSecret: string;
  readonly fetch?: typeof fetch;
  /** Default 10 s. */
  readonly timeoutMs?: number;
}

const SETTINGS_FIX = 'start `npm start` from this folder with the same settings (environment and .env), or pass --url';

/** `npm run doctor -- --local`: the same checks as for a stage, against a running `npm start`. */
export function localChecks(options: LocalChecksOptions): Check[] {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const health = async (query = ''): Promise<LocalHealth> => {
    const response = await doFetch(`${base}/local/health${query}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`GET /local/health answered ${response.status}`);
    return (await response.json()) as LocalHealth;
  };
  let first: LocalHealth | undefined;
  return [
    {
      name: 'Local app',
      async run(facts) {
        try {
          first = await health();
        } catch (error) {
          return fail(
            `nothing answers GET ${base}/local/health (${error instanceof Error ? error.message : String(error)})`,
            'start it with `npm start`, or pass --url with its address',
          );
        }
        Object.assign(facts, {
          setupUrl: first.setupUrl,
          redirectUri: first.redirectUri,
          webhookUrl: first.webhookUrl,
          subscriptions: first.subscriptions,
        });
        return pass(`running at ${base}, Plane at ${first.planeUrl}`);
      },
    },
    {
      name: 'Client id, client secret, webhook secret',
      needs: ['setupUrl'],
      async run(facts) {
        // A running app with other values than this shell's shows up in the next checks: the
        // consent URL's client id, and a 401 to the signed test webhook.
        facts.clientId = options.clientId;
        facts.webhookSecret = options.webhookSecret;
        const defaults = (first?.defaulted ?? []).filter((name) => /CLIENT|SECRET/.test(name));
        return pass(
          defaults.length > 0
            ? `set (the running app uses local defaults for the simulator: ${defaults.join(', ')})`
            : 'set',
        );
      },
    },
    ...httpChecks({
      fetch: options.fetch,
      configureFix: SETTINGS_FIX,
      signatureFix: `the running app has another PLANE_WEBHOOK_SECRET than this shell: ${SETTINGS_FIX}`,
      timeoutMs: options.timeoutMs ?? 10_000,
      findProcessed: async (dedupKey, deadline) => {
        for (;;) {
          const found = (await health(`?event=${encodeURIComponent(dedupKey)}`)).event;
          if (found) return `${found.message}${found.reason ? `: ${found.reason}` : ''}`;
          if (Date.now() > deadline) return undefined;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    }),
    {
      name: 'Dead-letter queue',
      needs: ['setupUrl'],
      async run() {
        const parked = (await health()).deadLetterQueue;
        if (parked === 0) return pass('empty');
        return fail(
          `${parked} message(s) parked`,
          "see `npm start`'s output for 'event failed; it will be retried' and fix the handler; a restart empties it",
        );
      },
    },
    {
      name: 'Alarms',
      async run() {
        return skip('local mode has no CloudWatch alarms');
      },
    },
    {
      name: 'Installations',
      needs: ['setupUrl'],
      async run() {
        const count = (await health()).installations;
        if (count > 0) return pass(`${count} installation(s)`);
        return fail('none yet', `open ${base} and click "Install the app"`);
      },
    },
  ];
}
