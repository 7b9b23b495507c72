import type { SimAgentActivity, SimAgentRun } from './resources/agent-runs/record';
import type { SimComment } from './resources/comments/record';
import type { SimUser } from './resources/members/record';
import type { SimWorkItem } from './resources/work-items/record';
import type { SimInstallation, SimulatorData } from './simulator-data';
import type { WebhookDelivery } from './webhooks/sender';

/**
 * How the two webhooks of a new agent run go out. `concurrent`: both at once, as Plane's separate
 * Celery tasks do, in an order drawn from `random` (either may arrive first); `create-first` and
 * `prompt-first`: one after the other, the second once the first was answered.
 */
export type AgentWebhookOrder = 'concurrent' | 'create-first' | 'prompt-first';

/** How to start the simulator. Secrets given here are never logged. */
export interface PlaneSimulatorOptions {
  /** @default 3100; 0 picks any free port. */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The app's OAuth client id. */
  clientId: string;
  /** The app's OAuth client secret. */
  clientSecret: string;
  /** Signs webhooks to the app. */
  webhookSecret: string;
  /** The app's Webhook URL (may be set later with `setWebhookUrl`). */
  webhookUrl?: string;
  /** Allowed Redirect URIs; if empty, any http(s) URI is accepted. */
  redirectUris?: string[];
  /** @default 'acme' */
  workspaceSlug?: string;
  /** The app's name on the consent screen; its bot is called "<appName> Bot". @default 'Plane App' */
  appName?: string;
  /** The seeded human user's API key (`X-API-Key`). */
  apiKey: string;
  /** `expires_in` of issued access tokens. @default 36000 */
  tokenLifetimeSeconds?: number;
  /** @default 60 */
  codeLifetimeSeconds?: number;
  /** Requests a minute to `/auth/o/token/`, per client_id (or per IP without one). @default 5 */
  tokenRateLimitPerMinute?: number;
  /** API-key requests a minute. @default 60 */
  apiRateLimitPerMinute?: number;
  /** OAuth-token requests an hour, per token. @default 5000 */
  oauthRateLimitPerHour?: number;
  /** "Enable App Mentions". @default true */
  agentMentions?: boolean;
  /** @default 'concurrent' */
  agentWebhookOrder?: AgentWebhookOrder;
  /**
   * A run with no activity for this long goes `stale` on its next read (Plane's
   * `AGENT_RUN_STALE_TIMEOUT_IN_MINS`). @default 300000 (5 minutes)
   */
  agentRunStaleMs?: number;
  /** Epoch ms. @default Date.now */
  clock?: () => number;
  /** Draws for fault injection and the order of agent webhooks, in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Delays before each retry of a webhook that hit a network error or time-out.
   * @default [1000, 5000, 15000, 30000, 60000]
   */
  webhookRetryDelaysMs?: number[];
  /** @default 30000 */
  webhookTimeoutMs?: number;
  /** @default no logging */
  log?: (line: string) => void;
  /**
   * State saved from an earlier run (`simulator.data`, as JSON), so installations and work items
   * survive a restart. Ignored (with a log line) if it belongs to another client id or workspace.
   */
  initialData?: SimulatorData;
}

/** One request to `/auth/o/token/`, for test assertions. `client_secret` values are redacted. */
export interface TokenRequestRecord {
  readonly method: string;
  readonly contentType: string | undefined;
  /** The form fields Plane read (none for non-form bodies), `client_secret` as `[redacted]`. */
  readonly form: Readonly<Record<string, string>>;
  /** The client id from a Basic `Authorization` header, if one was sent. */
  readonly basicClientId?: string;
  readonly grantType?: string;
  readonly status: number;
  /** The OAuth `error` code of a failed request. */
  readonly error?: string;
  readonly at: number;
}

/** Shares of `/api/v1` calls to fail (0..1). Pass zeros (or `{}`) to turn faults off. */
export interface SimulatorFaults {
  api429Rate?: number;
  api500Rate?: number;
  /**
   * How many of the next `response` activity POSTs are saved (comment and all) and then answered
   * 502, as a gateway that gave up after Plane committed would. Not a rate: a count.
   */
  agentResponse502?: number;
  /** Share of token requests (`POST /auth/o/token/`) answered 500, as during an outage of Plane's OAuth server. */
  token500Rate?: number;
}

/** A running (or startable) simulated Plane workspace. */
export interface PlaneSimulator {
  /** Base URL once started, e.g. `http://127.0.0.1:3100`. */
  readonly url: string;
  start(): Promise<void>;
  /** Closes the server and cancels webhook retries: no open handle is left. */
  stop(): Promise<void>;
  setWebhookUrl(url: string): void;
  /** Data access for tests and the local-mode console. */
  readonly data: SimulatorData;
  readonly tokenRequests: ReadonlyArray<TokenRequestRecord>;
  readonly deliveries: ReadonlyArray<WebhookDelivery>;
  /** Resolves when no webhook delivery is pending, in flight or waiting to retry. */
  idle(): Promise<void>;
  /** Makes every issued access token expire now. */
  expireAllTokens(): void;
  /** Marks an installation uninstalled: its bot tokens stop working and new grants fail. */
  uninstall(installationId: string): void;
  setFaults(faults: SimulatorFaults): void;
  /** The installation of the app, once installed. */
  installation(): SimInstallation | undefined;
  /** The app's bot user, once installed. */
  botUser(): SimUser | undefined;
  /** Markup that mentions `user` (default: the app's bot) in `comment_html`. */
  mentionHtml(user?: Pick<SimUser, 'id' | 'display_name'>): string;
  /** Posts a comment as the seeded human (same path as the REST API: sends webhooks). */
  createComment(workItemId: string, commentHtml: string): SimComment;
  /** Creates a work item as the seeded human in the seeded project (or `projectId`). */
  createWorkItem(fields: Record<string, unknown>, projectId?: string): SimWorkItem;
  /** Updates a work item as the seeded human: one webhook per changed field. */
  updateWorkItem(workItemId: string, fields: Record<string, unknown>): SimWorkItem;
  /** Agent runs started by mentions of the bot, oldest first, each read as Plane reads it (stale check). */
  agentRuns(): ReadonlyArray<SimAgentRun>;
  /** A run's activities (the users' prompts and the agent's), oldest first. */
  agentActivities(runId: string): ReadonlyArray<SimAgentActivity>;
  /**
   * Replies in a comment's thread as the seeded human, as Plane's web app does (a comment with
   * `parent`): `issue_comment`, and a prompt to the thread's agent run if it has one.
   */
  replyInThread(commentId: string, commentHtml: string): SimComment;
  /** Presses Stop on a run as the seeded human: a stop prompt goes to the app. */
  stopAgentRun(runId: string): SimAgentActivity;
  setAgentWebhookOrder(order: AgentWebhookOrder): void;
  /**
   * Calls `listener` after the data may have changed: each write to the REST API or the OAuth
   * pages, each webhook sent, each uninstall. Returns the function that stops it.
   */
  onChange(listener: () => void): () => void;
}
