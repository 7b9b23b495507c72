import type { IncomingMessage, ServerResponse } from 'node:http';
import { Routes } from '../core/routes';
import type { EventTrail } from './event-trail';

export interface HealthRouteOptions {
  readonly appUrl: string;
  readonly planeUrl: string;
  /** Not a secret: it is in every consent URL. */
  readonly clientId: string;
  /** Names of the settings that fell back to local defaults (never values). */
  readonly defaulted: readonly string[];
  /** The events ingest lets through (the app's subscriptions), so doctor can send one of them. */
  readonly subscriptions: readonly string[];
  readonly trail: EventTrail;
  readonly deadLetterDepth: () => Promise<number>;
  readonly installations: () => Promise<number>;
}

/**
 * GET /local/health: what `npm run doctor -- --local` reads where, on AWS, it reads the stack's
 * outputs, the dead-letter queue, the table and the processor's logs. With `?event=<dedup key>` it
 * also says what the processor logged for that event (null until it has). Local mode only; no
 * secret values, only the names of settings that are defaults.
 */
export function createHealthRoute(
  options: HealthRouteOptions,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    if (request.method !== 'GET' || url.pathname !== '/local/health') return false;
    const event = url.searchParams.get('event');
    void Promise.all([options.deadLetterDepth(), options.installations()]).then(
      ([deadLetterQueue, installations]) => {
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(
          JSON.stringify({
            status: 'running',
            setupUrl: `${options.appUrl}${Routes.OAuthSetup}`,
            redirectUri: `${options.appUrl}${Routes.OAuthCallback}`,
            webhookUrl: `${options.appUrl}${Routes.Webhook}`,
            planeUrl: options.planeUrl,
            clientId: options.clientId,
            defaulted: options.defaulted,
            subscriptions: options.subscriptions,
            deadLetterQueue,
            installations,
            ...(event ? { event: options.trail.get(event) ?? null } : {}),
          }),
        );
      },
      (error: unknown) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'unhealthy', error: String(error) }));
      },
    );
    return true;
  };
}
