import { Env } from './env-names';
import { ConfigError } from './errors';
import { DEFAULT_MAX_BODY_BYTES } from './limits';
import { type LogLevel, SERVICE_NAME } from './logger';
import { METRICS_NAMESPACE } from './metrics';
import { DEFAULT_PLANE_API_URL, DEFAULT_PLANE_WEB_URL } from './plane-urls';
import { parseSubscriptions } from './subscriptions';

/** The environment a function is configured by (its entry module passes process.env). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** One setting: its variable (named in problems) and how its value is read; `undefined` means not set. */
interface Setting<T> {
  readonly name: string;
  read(env: EnvSource, problems: string[]): T;
}

/** A setting parsed from its trimmed text; empty counts as not set (never a silent `''`). */
function parsed<T>(
  name: string,
  parse: (text: string, fail: (reason: string) => undefined) => T | undefined,
): Setting<T | undefined> {
  return {
    name,
    read(env, problems) {
      const text = env[name]?.trim();
      return text ? parse(text, (reason) => void problems.push(`${name} ${reason}`)) : undefined;
    },
  };
}

const text = (name: string) => parsed(name, (value) => value);

function withDefault<T>(inner: Setting<T | undefined>, fallback: T): Setting<T> {
  return { name: inner.name, read: (env, problems) => inner.read(env, problems) ?? fallback };
}

const url = (name: string) =>
  parsed(name, (text, fail) =>
    /^https?:\/\/[^\s/]+/.test(text) ? text : fail(`must be an http(s) URL, got "${text.slice(0, 80)}"`),
  );

const positiveInteger = (name: string) =>
  parsed(name, (text, fail) => {
    const value = Number(text);
    return Number.isInteger(value) && value > 0
      ? value
      : fail(`must be a positive integer, got "${text.slice(0, 40)}"`);
  });

const logLevel: Setting<LogLevel> = {
  name: Env.LogLevel,
  // Lambda's application log level first (Powertools Logger follows it too, so one setting raises
  // every function to DEBUG), then Powertools' variable, then the older LOG_LEVEL; anything else is
  // info (Powertools' own rule). Lambda's TRACE and FATAL are the nearest of ours.
  read(env) {
    const level = (env[Env.LambdaLogLevel] ?? env[Env.LogLevel] ?? env.LOG_LEVEL ?? 'info').toLowerCase();
    if (level === 'trace') return 'debug';
    if (level === 'fatal') return 'error';
    return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
  },
};

/**
 * Every setting of the functions, read once. To add one: its name in env-names.ts, one line here,
 * and the stack sets it (lib/). Settings with a default are never missing; a function names the
 * others it cannot run without (`loadRuntimeConfig(env, [...])`).
 */
const SETTINGS = {
  stage: withDefault(text(Env.Stage), 'local'),
  serviceName: withDefault(text(Env.ServiceName), SERVICE_NAME),
  metricsNamespace: withDefault(text(Env.MetricsNamespace), METRICS_NAMESPACE),
  logLevel,
  queueUrl: text(Env.QueueUrl),
  payloadBucket: text(Env.PayloadBucket),
  webhookSecretArn: text(Env.WebhookSecretArn),
  maxBodyBytes: withDefault(positiveInteger(Env.MaxBodyBytes), DEFAULT_MAX_BODY_BYTES),
  // Unset means "queue every verified webhook" (the safe default); `[]` means the app handles nothing.
  subscriptions: parsed(Env.Subscriptions, (text, fail) => {
    try {
      return parseSubscriptions(text);
    } catch (error) {
      return fail((error as Error).message);
    }
  }),
  tableName: text(Env.TableName),
  clientSecretArn: text(Env.ClientSecretArn),
  planeApiUrl: withDefault(url(Env.PlaneApiUrl), DEFAULT_PLANE_API_URL),
  planeWebUrl: withDefault(url(Env.PlaneWebUrl), DEFAULT_PLANE_WEB_URL),
  // Checked where OAuth needs it (oauth-client.ts), so events that need no token still flow.
  planeClientId: text(Env.PlaneClientId),
  planeScopes: text(Env.PlaneScopes),
  /** Per request to Plane's OAuth endpoints; unset: oauth-client's default. */
  planeTimeoutMs: positiveInteger(Env.PlaneTimeoutMs),
  publicBaseUrl: url(Env.PublicBaseUrl),
  // Read as given: set but empty means "show a page after an install" (no redirect).
  successUrl: { name: Env.SuccessUrl, read: (env: EnvSource) => env[Env.SuccessUrl] },
  agentRuns: { name: Env.AgentRuns, read: (env: EnvSource) => env[Env.AgentRuns]?.trim() === 'true' },
};

type Settings = typeof SETTINGS;

/** The functions' settings, each read and checked once. */
type RuntimeConfig = { readonly [K in keyof Settings]: ReturnType<Settings[K]['read']> };

/** The settings without a default: those a function can require. */
type Requirable = { [K in keyof RuntimeConfig]-?: undefined extends RuntimeConfig[K] ? K : never }[keyof RuntimeConfig];

/** The config with the `R` settings known to be set. */
export type RuntimeConfigWith<R extends Requirable> = RuntimeConfig & {
  readonly [K in R]: NonNullable<RuntimeConfig[K]>;
};

/**
 * Reads every setting from `env` and checks those in `required` are set. Throws one ConfigError
 * naming every problem at once (missing, malformed), as lib/stage-config.ts does for the stack.
 */
export function loadRuntimeConfig<R extends Requirable = never>(
  env: EnvSource,
  required: readonly R[] = [],
): RuntimeConfigWith<R> {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(SETTINGS)) {
    const value: unknown = entry.read(env, problems);
    if (value === undefined && required.some((name) => name === key)) problems.push(`${entry.name} is not set`);
    config[key] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  // Built key by key from SETTINGS, with every required key checked above.
  return config as RuntimeConfigWith<R>;
}
