import { describeError } from './errors';
import type { EventFor, EventName, PlaneEvent } from './events';
import type { Installation } from './installation';
import type { Logger } from './logger';
import type { PlaneClient } from './plane-client';
import { ALL_EVENTS, nameMatcher, routingNames, subscriptionProblem } from './subscriptions';

/** What every handler receives beside the event. */
export interface HandlerContext {
  /** The installation (workspace) the event belongs to. */
  readonly installation: Installation;
  /** A Plane API client acting as the app's bot in this workspace, with fresh tokens. */
  readonly plane: PlaneClient;
  /** A logger already carrying the event's correlation fields. */
  readonly log: Logger;
}

/** What routing reads of an event: its name, its resource and the other names it goes by. */
type Routable = Pick<PlaneEvent, 'name' | 'event' | 'aliases'>;

export type Handler<E = PlaneEvent> = (event: E, ctx: HandlerContext) => unknown;
/**
 * Called with what the event's handlers threw (one error, or an AggregateError), before `receive`
 * rejects so that the queue retries the event.
 * @public Part of the API an app's handlers are written against, though the kit itself does not import it.
 */
export type ErrorHandler = (error: unknown, event: PlaneEvent, ctx: HandlerContext) => unknown;

/**
 * An event router in the style of Probot. `on('issue', fn)` receives every action of `issue`;
 * `on('issue.created', fn)` only creations; `on('issue.*', fn)` every action of `issue`,
 * `on('*.deleted', fn)` every deletion (wildcards: lambdas/core/subscriptions.ts); `onAny`
 * everything. Handlers for one event run concurrently; if any fails, the `onError` handlers run
 * and `receive` rejects with the failure, so the queue retries the event. Write handlers to be
 * safe to run twice (use `external_id`).
 */
export interface PlaneApp {
  on<N extends EventName>(names: N | readonly N[], handler: Handler<EventFor<N>>): PlaneApp;
  onAny(handler: Handler): PlaneApp;
  onError(handler: ErrorHandler): PlaneApp;
  /** True when some handler (or onAny) would receive this event. */
  handles(event: Routable): boolean;
  /**
   * The names and patterns handlers are registered under, sorted, each once; `['*']` when some
   * handler takes every event. Ingest drops the webhooks none of them matches.
   */
  subscriptions(): string[];
  receive(event: PlaneEvent, ctx: HandlerContext): Promise<void>;
}

/** The stage's settings an app may act on (the stack sets them; lambdas/core/runtime-config.ts reads them). */
export interface AppSettings {
  /** "Enable App Mentions" is on in Plane: answer mentions through agent runs (stage setting `agentRuns`). */
  readonly agentRuns: boolean;
}

/** The kit user's code registers its handlers through a function of this type. */
export type AppSetup = (app: PlaneApp, settings: AppSettings) => void;

export function createApp(setup?: AppSetup, settings: AppSettings = { agentRuns: false }): PlaneApp {
  const byName = new Map<string, Handler[]>();
  const wildcards: Array<{ readonly pattern: string; readonly matches: (name: string) => boolean; handler: Handler }> =
    [];
  const anyHandlers: Handler[] = [];
  const errorHandlers: ErrorHandler[] = [];

  const matching = (event: Routable): Handler[] => {
    const names = routingNames(event);
    // A handler registered under two of the names (on(['x.prompted', 'x.created'])) runs once.
    const handlers = new Set([
      ...names.flatMap((name) => byName.get(name) ?? []),
      ...wildcards.filter((entry) => names.some(entry.matches)).map((entry) => entry.handler),
      ...anyHandlers,
    ]);
    return [...handlers];
  };

  const app: PlaneApp = {
    on(names, handler) {
      const list = (typeof names === 'string' ? [names] : names) as readonly string[];
      for (const name of list) {
        const problem = subscriptionProblem(name);
        if (problem) throw new TypeError(`app.on: ${problem}`);
        if (name.includes('*'))
          wildcards.push({ pattern: name, matches: nameMatcher(name), handler: handler as Handler });
        else byName.set(name, [...(byName.get(name) ?? []), handler as Handler]);
      }
      return app;
    },
    onAny(handler) {
      anyHandlers.push(handler);
      return app;
    },
    onError(handler) {
      errorHandlers.push(handler);
      return app;
    },
    handles(event) {
      return matching(event).length > 0;
    },
    subscriptions() {
      const names = [...new Set([...byName.keys(), ...wildcards.map((entry) => entry.pattern)])];
      if (anyHandlers.length > 0 || names.includes(ALL_EVENTS)) return [ALL_EVENTS];
      return names.sort();
    },
    async receive(event, ctx) {
      const results = await Promise.allSettled(matching(event).map(async (handler) => handler(event, ctx)));
      const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      if (errors.length === 0) return;
      const error = errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} handlers failed`);
      for (const onError of errorHandlers) {
        try {
          await onError(error, event, ctx);
        } catch (nested) {
          ctx.log.error('onError handler failed', { error: describeError(nested) });
        }
      }
      throw error;
    },
  };
  setup?.(app, settings);
  return app;
}

/**
 * What an app subscribes to, read without running it ("declare only"): `setup` registers its
 * handlers on a router that is never given an event. The CDK app (bin/app.ts) and local mode hand
 * the result to ingest; an app's setup must therefore only register handlers.
 */
export function declareSubscriptions(setup: AppSetup, settings: AppSettings): string[] {
  return createApp(setup, settings).subscriptions();
}
