/**
 * Environment variable names shared by the stack (lib/) and the functions. Values set by the
 * stack are never secrets: secrets are read by ARN at run time.
 */
export const Env = {
  /** Plane's base URL, as in Plane's guide (default https://api.plane.so). */
  PlaneApiUrl: 'PLANE_API_URL',
  /** The OAuth client id (not a secret). */
  PlaneClientId: 'PLANE_CLIENT_ID',
  /** Space-separated OAuth scopes to ask for, if any. */
  PlaneScopes: 'PLANE_SCOPES',
  /** ARN (or name) of the Secrets Manager secret holding the webhook secret(s). */
  WebhookSecretArn: 'WEBHOOK_SECRET_ARN',
  /** ARN (or name) of the Secrets Manager secret holding the OAuth client secret. */
  ClientSecretArn: 'CLIENT_SECRET_ARN',
  QueueUrl: 'QUEUE_URL',
  TableName: 'TABLE_NAME',
  /** Largest webhook body the ingest function accepts, in bytes. */
  MaxBodyBytes: 'MAX_BODY_BYTES',
  /** The public base URL of the app's HTTP API (for the Redirect URI). */
  PublicBaseUrl: 'PUBLIC_BASE_URL',
  /** Where the callback sends the browser after an install; `{slug}` is the workspace slug. */
  SuccessUrl: 'INSTALL_SUCCESS_URL',
  /** Plane's web app URL, for the default success redirect (default https://app.plane.so). */
  PlaneWebUrl: 'PLANE_WEB_URL',
  Stage: 'STAGE',
  /** `true` when the app has "Enable App Mentions" on: the example agent answers in agent runs. */
  AgentRuns: 'PLANE_AGENT_RUNS',
  /** Timeout of each request to Plane, in milliseconds (default 8000 for OAuth, 10000 for the API). */
  PlaneTimeoutMs: 'PLANE_TIMEOUT_MS',
} as const;

export const DEFAULT_PLANE_API_URL = 'https://api.plane.so';
export const DEFAULT_PLANE_WEB_URL = 'https://app.plane.so';

/**
 * SQS's classic message limit. The queue is created with it and ingest answers 413 above
 * MAX_BODY_BYTES (this minus room for the message attributes).
 */
export const QUEUE_MAX_MESSAGE_BYTES = 262_144;
export const DEFAULT_MAX_BODY_BYTES = QUEUE_MAX_MESSAGE_BYTES - 4_096;

/** Queue receives before a message is parked in the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** Routes of the HTTP API. */
export const Routes = {
  Webhook: '/webhook',
  OAuthSetup: '/oauth/setup',
  OAuthCallback: '/oauth/callback',
} as const;
