import type { Rng } from '../soak/prng';
import { createSlidingLog } from './sliding-log';
import type { VirtualTime } from './virtual-time';

/** Whose allowance a token request spends (PLANE-FACTS.md, "token endpoint rate limit"). */
export type LimitKey = 'app' | 'ip';

export interface SimPlaneOptions {
  readonly time: VirtualTime;
  readonly rng: Rng;
  readonly limitKey: LimitKey;
  /** `expires_in` of every token, seconds. */
  readonly tokenLifetimeS: number;
  /** Token requests a minute per limit key. Default 5 (PLANE-FACTS.md). */
  readonly tokenRequestsPerMinute?: number;
  /** API calls an hour per OAuth token. Default 5,000 (PLANE-FACTS.md, REST API rate limits). */
  readonly apiCallsPerHour?: number;
  /** Epoch ms from which grants and 429s are counted (the end of the warm-up). */
  readonly countFrom: number;
}

/** What the simulated Plane saw. */
interface PlaneTally {
  grants: number;
  tokenEndpoint429s: number;
  /** Grants per hour since `countFrom`, by hour index. */
  grantsByHour: number[];
  apiCalls: number;
  api429s: number;
  /** API calls with a token Plane no longer accepts (expired). */
  api401s: number;
}

/** The few parts of a fetch Response that the kit's clients read. */
class SimResponse {
  readonly ok: boolean;
  readonly body = null;
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    private readonly payload: unknown,
    headers: Record<string, string> = {},
  ) {
    this.ok = status >= 200 && status < 300;
    const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    this.headers = { get: (name) => lower.get(name.toLowerCase()) ?? null };
  }

  async text(): Promise<string> {
    return JSON.stringify(this.payload);
  }
}

const headerOf = (init: RequestInit | undefined, name: string): string | undefined =>
  (init?.headers as Record<string, string> | undefined)?.[name];

/**
 * Plane as the kit meets it at scale: the token endpoint (`POST /auth/o/token/`, a bot token per
 * installation, 5 requests a minute per client or per source IP, a 429 without Retry-After) and
 * the REST API (about 5,000 calls an hour per OAuth token, 429 with Retry-After, 401 for an expired
 * token). Each caller gets a `fetch` bound to its egress IP. Latencies are virtual.
 */
export function createSimPlane(options: SimPlaneOptions) {
  const { time, rng, limitKey, tokenLifetimeS, countFrom } = options;
  const tokenLimit = createSlidingLog(options.tokenRequestsPerMinute ?? 5, 60_000);
  const apiLimit = createSlidingLog(options.apiCallsPerHour ?? 5000, 3_600_000);
  const tokens = new Map<string, { installationId: string; expiresAt: number }>();
  const tally: PlaneTally = { grants: 0, tokenEndpoint429s: 0, grantsByHour: [], apiCalls: 0, api429s: 0, api401s: 0 };
  let issued = 0;
  const counting = () => time.now() >= countFrom;
  /** A new access token for the installation, valid until `expiresAt`. */
  const newToken = (installationId: string, expiresAt: number): string => {
    issued += 1;
    const accessToken = `simtoken${issued}x${installationId.replace(/\W/g, '')}`;
    tokens.set(accessToken, { installationId, expiresAt });
    return accessToken;
  };

  /** Waits half of a round trip of `base` to `base + spread` ms (request out, or answer back). */
  const halfTrip = (base: number, spread: number) => time.sleep((base + rng.next() * spread) / 2);

  const tokenEndpoint = async (ip: string, body: string): Promise<SimResponse> => {
    await halfTrip(100, 200);
    // The bot grant authenticates with Basic auth, so its form has no client_id: Plane then keys
    // the limit on the source IP. `app` models the worst case, one allowance for the whole app.
    const decision = tokenLimit.hit(limitKey === 'app' ? 'app' : ip, time.now());
    let answer: SimResponse;
    if (!decision.allowed) {
      if (counting()) tally.tokenEndpoint429s += 1;
      // Plain JSON and no Retry-After (PLANE-FACTS.md, "token endpoint rate limit").
      answer = new SimResponse(429, { error_message: 'Too many requests, please try again later.' });
    } else {
      const installationId = new URLSearchParams(body).get('app_installation_id') ?? '';
      const accessToken = newToken(installationId, time.now() + tokenLifetimeS * 1000);
      if (counting()) {
        tally.grants += 1;
        const hour = Math.floor((time.now() - countFrom) / 3_600_000);
        tally.grantsByHour[hour] = (tally.grantsByHour[hour] ?? 0) + 1;
      }
      answer = new SimResponse(200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: tokenLifetimeS,
        scope: 'read write',
      });
    }
    await halfTrip(100, 200);
    return answer;
  };

  const api = async (authorization: string | undefined): Promise<SimResponse> => {
    await halfTrip(80, 120);
    const token = tokens.get((authorization ?? '').replace(/^Bearer /, ''));
    let answer: SimResponse;
    if (counting()) tally.apiCalls += 1;
    if (!token || token.expiresAt <= time.now()) {
      if (counting()) tally.api401s += 1;
      answer = new SimResponse(401, { detail: 'Authentication credentials were not provided.' });
    } else {
      const decision = apiLimit.hit(authorization ?? '', time.now());
      if (decision.allowed) answer = new SimResponse(200, { id: 'bot-user', display_name: 'Bot' });
      else {
        if (counting()) tally.api429s += 1;
        answer = new SimResponse(
          429,
          { error_code: 5900, error_message: 'RATE_LIMIT_EXCEEDED' },
          { 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)) },
        );
      }
    }
    await halfTrip(80, 120);
    return answer;
  };

  return {
    tally,
    /** A token Plane issued at `issuedAt` (before the simulation began), for the initial state. */
    issue: (installationId: string, issuedAt: number): string =>
      newToken(installationId, issuedAt + tokenLifetimeS * 1000),
    /** A fetch whose requests come from `ip`. */
    fetchFor(ip: string): typeof fetch {
      return (async (input: string | URL | Request, init?: RequestInit) => {
        const path = new URL(String(input)).pathname;
        const response =
          path === '/auth/o/token/'
            ? await tokenEndpoint(ip, String(init?.body ?? ''))
            : await api(headerOf(init, 'Authorization'));
        return response as unknown as Response;
      }) as typeof fetch;
    },
  };
}

export type SimPlane = ReturnType<typeof createSimPlane>;
