import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { DEFAULT_PLANE_API_URL, DEFAULT_PLANE_WEB_URL } from '../lambdas/core/plane-urls';
import {
  aBoolean,
  aNumber,
  anEmail,
  anHttpsUrl,
  anObject,
  aString,
  isRecord,
  oneOf,
  type Parsed,
  type Problems,
} from './settings-checks';

/** The stage used when `-c stage=NAME` is not given. */
const DEFAULT_STAGE = 'dev';

/** Retention periods CloudWatch Logs accepts (RetentionDays without "never expire"). */
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

const memory = aNumber({ min: 128, max: 10_240, integer: true });

/** The schema of one entry of `context.stages` in cdk.json. */
const stageSettingsShape = {
  planeApiUrl: anHttpsUrl,
  planeWebUrl: anHttpsUrl,
  planeClientId: aString,
  scopes: aString,
  throttle: anObject({
    rateLimit: aNumber({ min: 1, max: 10_000 }),
    burstLimit: aNumber({ min: 1, max: 5_000, integer: true }),
  }),
  memoryMb: anObject({ ingest: memory, processor: memory, oauth: memory }),
  logRetentionDays: oneOf(LOG_RETENTION_DAYS),
  alarmEmail: anEmail,
  retainData: aBoolean,
  productionLike: aBoolean,
  // The silence alarm evaluates 1-hour periods; CloudWatch allows at most 7 days in total.
  silenceHours: aNumber({ min: 1, max: 168, integer: true }),
  signatureRejectionThreshold: aNumber({ min: 1, max: 1_000_000, integer: true }),
  installSuccessUrl: anHttpsUrl,
  agentRuns: aBoolean,
  webhookPathVersion: aNumber({ min: 1, max: 1_000_000, integer: true }),
};

/** Settings of one stage as written in cdk.json (`context.stages.<stage>`); all optional. */
type StageSettings = Parsed<typeof stageSettingsShape>;

/** Settings that a single run may override with `-c key=value`. */
const OVERRIDABLE = [
  'planeClientId',
  'planeApiUrl',
  'planeWebUrl',
  'scopes',
  'alarmEmail',
  'installSuccessUrl',
  'agentRuns',
] as const;

/** `-c key=value` always gives a string: `-c agentRuns=true` means the boolean. */
function fromCommandLine(value: unknown): unknown {
  return value === 'true' || value === 'false' ? value === 'true' : value;
}

/** The resolved settings of the stage being synthesised: every default applied. */
export interface StageConfig {
  /** Stage name; the stack is `PlaneApp-<stage>`. */
  readonly stage: string;
  /** Plane REST API base URL, without a trailing slash. */
  readonly planeApiUrl: string;
  /** Plane web app URL, without a trailing slash. */
  readonly planeWebUrl: string;
  /** OAuth client id; empty until set (synth warns). */
  readonly planeClientId: string;
  /** Space-separated OAuth scopes, if any. */
  readonly scopes?: string;
  /** Default route throttling of the HTTP API. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Memory (MB) per function family. */
  readonly memoryMb: { readonly ingest: number; readonly processor: number; readonly oauth: number };
  /** Retention of every log group of the stack. */
  readonly logRetention: RetentionDays;
  /** E-mail address subscribed to the alarm topic, if any. */
  readonly alarmEmail?: string;
  /** Keep the table, secrets and logs when the stack is deleted. */
  readonly retainData: boolean;
  /** Whether this stage serves real users. */
  readonly productionLike: boolean;
  /** Hours without an accepted webhook before the silence alarm fires. */
  readonly silenceHours: number;
  /** Invalid-signature rejections per 5 minutes that raise the alarm. */
  readonly signatureRejectionThreshold: number;
  /** Where the callback sends the browser after an install (`{slug}` = workspace slug). */
  readonly installSuccessUrl?: string;
  /**
   * The app has "Enable App Mentions" on in Plane: the example agent answers mentions through
   * agent runs instead of comments (sets PLANE_AGENT_RUNS on the processor).
   */
  readonly agentRuns: boolean;
  /**
   * Version of the webhook path's random segment (WebhookPath): raise it to draw a new segment, and
   * so a new webhook URL, at the next deploy.
   */
  readonly webhookPathVersion: number;
}

/** A bad stage setting: `problems` lists every one found, each with its cdk.json path. */
export class StageConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid stage settings (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
        `fix them in cdk.json or on the command line:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'StageConfigError';
  }
}

/** The stack name of a stage. */
export function stackNameFor(stage: string): string {
  return `PlaneApp-${stage}`;
}

// A stack name is [A-Za-z][A-Za-z0-9-]*, at most 128 characters; "PlaneApp-" takes 9 of them.
function checkStageName(name: unknown, path: string, problems: Problems): name is string {
  if (typeof name === 'string' && /^[A-Za-z0-9-]{1,119}$/.test(name)) return true;
  problems.push(
    `${path}: stage name ${JSON.stringify(name)} must be 1-119 letters, digits or hyphens ` +
      '(it becomes the CloudFormation stack name PlaneApp-<stage>)',
  );
  return false;
}

/** Raw context values the stage settings are read from. */
export interface StageContext {
  /** `context.stage` (usually `-c stage=NAME`). */
  readonly stage?: unknown;
  /** `context.stages`: settings per stage name. */
  readonly stages?: unknown;
  /** Other top-level context values (single-run overrides such as `planeClientId`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * Resolves and validates the settings of the selected stage. Every entry of `stages` is
 * checked, so a mistake in `prod` shows up on a `dev` synth too.
 *
 * @throws StageConfigError listing all problems at once
 */
export function resolveStageConfig(input: StageContext): StageConfig {
  const problems: Problems = [];
  const stage = input.stage ?? DEFAULT_STAGE;
  checkStageName(stage, 'context.stage (-c stage=NAME)', problems);

  let selected: StageSettings = {};
  if (input.stages !== undefined && !isRecord(input.stages)) {
    problems.push(`context.stages: expected an object of stage name to settings, got ${JSON.stringify(input.stages)}`);
  } else {
    for (const [name, raw] of Object.entries(input.stages ?? {})) {
      const path = `context.stages.${name}`;
      checkStageName(name, path, problems);
      const parsed = anObject(stageSettingsShape)(raw, path, problems) ?? {};
      if (name === stage) selected = parsed;
    }
  }

  const overrides: StageSettings = {};
  for (const key of OVERRIDABLE) {
    const given = input.overrides?.[key];
    if (given === undefined) continue;
    const value = stageSettingsShape[key] === aBoolean ? fromCommandLine(given) : given;
    const parsed = stageSettingsShape[key](value, `context.${key} (-c ${key}=...)`, problems);
    // `parsed` came from the check of this very key, so it has the key's type.
    if (parsed !== undefined) Object.assign(overrides, { [key]: parsed });
  }

  if (problems.length > 0) throw new StageConfigError(problems);
  return withDefaults(stage as string, { ...selected, ...overrides });
}

function withDefaults(stage: string, s: StageSettings): StageConfig {
  const productionLike = s.productionLike ?? stage === 'prod';
  return {
    stage,
    planeApiUrl: s.planeApiUrl ?? DEFAULT_PLANE_API_URL,
    planeWebUrl: s.planeWebUrl ?? DEFAULT_PLANE_WEB_URL,
    planeClientId: s.planeClientId ?? '',
    scopes: s.scopes || undefined,
    throttle: { rateLimit: s.throttle?.rateLimit ?? 50, burstLimit: s.throttle?.burstLimit ?? 100 },
    memoryMb: {
      ingest: s.memoryMb?.ingest ?? 256,
      processor: s.memoryMb?.processor ?? 512,
      oauth: s.memoryMb?.oauth ?? 256,
    },
    logRetention: (s.logRetentionDays ?? RetentionDays.ONE_MONTH) as RetentionDays,
    alarmEmail: s.alarmEmail,
    retainData: s.retainData ?? productionLike,
    productionLike,
    silenceHours: s.silenceHours ?? 24,
    signatureRejectionThreshold: s.signatureRejectionThreshold ?? 20,
    installSuccessUrl: s.installSuccessUrl,
    agentRuns: s.agentRuns ?? false,
    webhookPathVersion: s.webhookPathVersion ?? 1,
  };
}

/** Reads `stage`, `stages` and the single-run overrides from a construct's context. */
export function loadStageConfig(scope: IConstruct): StageConfig {
  const overrides: Record<string, unknown> = {};
  for (const key of OVERRIDABLE) overrides[key] = scope.node.tryGetContext(key);
  return resolveStageConfig({
    stage: scope.node.tryGetContext('stage'),
    stages: scope.node.tryGetContext('stages'),
    overrides,
  });
}
