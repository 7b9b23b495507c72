import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors';

/** Local-mode settings: from the environment, then `.env`, then these documented defaults. */
export interface LocalSettings {
  readonly port: number;
  readonly simPort: number;
  readonly host: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
  /** Set: talk to this Plane instead of starting the simulator. */
  readonly planeApiUrl?: string;
  readonly workspaceSlug: string;
  readonly apiKey: string;
  readonly tokenLifetimeSeconds: number;
  /** Answer mentions through agent runs ("Enable App Mentions" on). */
  readonly agentRuns: boolean;
  /** Folder for dynalite's data (installations survive a restart); unset: in memory. */
  readonly dataDir?: string;
  /** Which settings came from defaults, to say so at start. */
  readonly defaulted: readonly string[];
}

/** Local-only defaults, documented in the README. Never used by a deployed stack. */
export const LOCAL_DEFAULTS = {
  PORT: '3000',
  PLANE_SIM_PORT: '3100',
  PLANE_CLIENT_ID: 'local-plane-app',
  PLANE_CLIENT_SECRET: 'local-client-secret',
  PLANE_WEBHOOK_SECRET: 'local-webhook-secret',
  PLANE_SIM_WORKSPACE: 'acme',
  PLANE_SIM_API_KEY: 'sim-api-key-local',
  PLANE_SIM_TOKEN_LIFETIME: '36000',
  PLANE_AGENT_RUNS: 'true',
} as const;

/** Parses a `.env` file: `KEY=value` lines, `#` comments, optional quotes. */
function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    let value = match[2];
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[match[1]] = value;
  }
  return out;
}

export function loadDotEnv(path = '.env'): Record<string, string> {
  return existsSync(path) ? parseDotEnv(readFileSync(path, 'utf8')) : {};
}

const port = (name: string, value: string, problems: string[]): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    problems.push(`${name} must be a port number (0-65535), got "${value}"`);
  return parsed;
};

/** Resolves every setting; a bad value is a ConfigError naming all problems at once. */
export function resolveLocalSettings(
  env: Record<string, string | undefined>,
  dotEnv: Record<string, string>,
  overrides: { dataDir?: string } = {},
): LocalSettings {
  const defaulted: string[] = [];
  const get = (name: keyof typeof LOCAL_DEFAULTS): string => {
    const value = env[name] ?? dotEnv[name];
    if (value !== undefined && value !== '') return value;
    defaulted.push(name);
    return LOCAL_DEFAULTS[name];
  };
  const problems: string[] = [];
  const planeApiUrl = env.PLANE_API_URL || dotEnv.PLANE_API_URL || undefined;
  if (planeApiUrl && !/^https?:\/\/\S+$/.test(planeApiUrl))
    problems.push(`PLANE_API_URL must be an http(s) URL, got "${planeApiUrl}"`);
  const settings: LocalSettings = {
    port: port('PORT', get('PORT'), problems),
    simPort: port('PLANE_SIM_PORT', get('PLANE_SIM_PORT'), problems),
    host: env.HOST || dotEnv.HOST || '127.0.0.1',
    clientId: get('PLANE_CLIENT_ID'),
    clientSecret: get('PLANE_CLIENT_SECRET'),
    webhookSecret: get('PLANE_WEBHOOK_SECRET'),
    planeApiUrl: planeApiUrl?.replace(/\/+$/, ''),
    workspaceSlug: get('PLANE_SIM_WORKSPACE'),
    apiKey: get('PLANE_SIM_API_KEY'),
    tokenLifetimeSeconds: Number(get('PLANE_SIM_TOKEN_LIFETIME')),
    agentRuns: get('PLANE_AGENT_RUNS') === 'true',
    dataDir: overrides.dataDir ?? (env.LOCAL_DATA_DIR || dotEnv.LOCAL_DATA_DIR || undefined),
    defaulted,
  };
  if (!Number.isInteger(settings.tokenLifetimeSeconds) || settings.tokenLifetimeSeconds < 1)
    problems.push('PLANE_SIM_TOKEN_LIFETIME must be a positive number of seconds');
  if (planeApiUrl) {
    for (const name of ['PLANE_CLIENT_ID', 'PLANE_CLIENT_SECRET', 'PLANE_WEBHOOK_SECRET'] as const) {
      if (defaulted.includes(name))
        problems.push(`${name} must be set to your app's real value when PLANE_API_URL points at a real Plane`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
