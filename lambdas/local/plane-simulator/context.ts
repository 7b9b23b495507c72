import type { ServerResponse } from 'node:http';
import type { AgentActions } from './agent-actions';
import type { SimRequest } from './http/http-io';
import type { RateLimiter } from './http/rate-limiter';
import type { TokenRegistry } from './oauth/token-registry';
import type { SimulatorData } from './records';
import type { PlaneSimulatorOptions, SimulatorFaults, TokenRequestRecord } from './simulator-types';
import type { WorkspaceActions } from './workspace-actions';

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<PlaneSimulatorOptions, 'webhookUrl' | 'initialData'>> & {
  webhookUrl: string | undefined;
};

/** Everything a route handler needs; built once per simulator. */
export interface SimContext {
  readonly options: ResolvedOptions;
  readonly data: SimulatorData;
  readonly tokens: TokenRegistry;
  readonly limiter: RateLimiter;
  readonly actions: WorkspaceActions;
  readonly agents: AgentActions;
  readonly tokenRequests: TokenRequestRecord[];
  readonly faults: Required<SimulatorFaults>;
}

/** A route handler: answers `res` (or throws a SimHttpError). */
export type Handler = (ctx: SimContext, req: SimRequest, res: ServerResponse) => void | Promise<void>;

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
