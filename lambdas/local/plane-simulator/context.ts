import type { Csrf } from '../csrf';
import type { SimRequest } from './http/http-io';
import type { RateLimiter } from './http/rate-limiter';
import type { TokenRegistry } from './oauth/token-registry';
import type { SimulatorData } from './simulator-data';
import type { AgentWebhookOrder, PlaneSimulatorOptions, SimulatorFaults, TokenRequestRecord } from './simulator-types';
import type { WebhookEmitter } from './webhooks/emitter';

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<PlaneSimulatorOptions, 'webhookUrl' | 'initialData'>> & {
  webhookUrl: string | undefined;
};

/** How simulated agent runs behave; `setAgentWebhookOrder` changes the order while it runs. */
interface AgentRunBehaviour {
  webhookOrder: AgentWebhookOrder;
  readonly staleMs: number;
  readonly random: () => number;
}

/**
 * What a resource's actions need: the records, the webhooks, the clock, and how agent runs
 * behave. Actions are plain functions taking it first, so a new resource adds no field here.
 */
export interface ActionContext {
  readonly data: SimulatorData;
  readonly webhooks: WebhookEmitter;
  readonly clock: () => number;
  readonly agentRuns: AgentRunBehaviour;
}

/** Everything a route needs; built once per simulator. */
export interface SimContext extends ActionContext {
  readonly options: ResolvedOptions;
  readonly tokens: TokenRegistry;
  readonly limiter: RateLimiter;
  readonly tokenRequests: TokenRequestRecord[];
  readonly faults: Required<SimulatorFaults>;
  /** The consent form's CSRF tokens (Plane's Django checks them on every browser form). */
  readonly csrf: Csrf;
}

/** One request to a route: the context, the request with its body, and the path parameters. */
export interface SimCall {
  readonly ctx: SimContext;
  readonly req: SimRequest;
  readonly params: Readonly<Record<string, string>>;
}

/** Fills in the defaults of the options. */
export function resolveOptions(options: PlaneSimulatorOptions): ResolvedOptions {
  return {
    port: options.port ?? 3100,
    host: options.host ?? '127.0.0.1',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    webhookSecret: options.webhookSecret,
    webhookUrl: options.webhookUrl,
    redirectUris: options.redirectUris ?? [],
    workspaceSlug: options.workspaceSlug ?? 'acme',
    appName: options.appName ?? 'Plane App',
    apiKey: options.apiKey,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 36000,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 60,
    tokenRateLimitPerMinute: options.tokenRateLimitPerMinute ?? 5,
    apiRateLimitPerMinute: options.apiRateLimitPerMinute ?? 60,
    oauthRateLimitPerHour: options.oauthRateLimitPerHour ?? 5000,
    agentMentions: options.agentMentions ?? true,
    agentWebhookOrder: options.agentWebhookOrder ?? 'concurrent',
    agentRunStaleMs: options.agentRunStaleMs ?? 5 * 60_000,
    clock: options.clock ?? Date.now,
    random: options.random ?? Math.random,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 5000, 15000, 30000, 60000],
    webhookTimeoutMs: options.webhookTimeoutMs ?? 30000,
    log: options.log ?? (() => undefined),
  };
}

/** Fails loudly, naming every missing required option at once. */
export function checkOptions(options: PlaneSimulatorOptions): void {
  const required = ['clientId', 'clientSecret', 'webhookSecret', 'apiKey'] as const;
  const missing = required.filter((key) => typeof options[key] !== 'string' || options[key] === '');
  if (missing.length > 0) throw new Error(`createPlaneSimulator: missing ${missing.join(', ')}`);
}
