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
  /** The private bucket of large bodies (claim checks) and of events the queue refused (bucket-layout.ts). */
  PayloadBucket: 'PAYLOAD_BUCKET',
  TableName: 'TABLE_NAME',
  /**
   * The events the app's handlers are registered under, as a JSON array (subscriptions.ts): ingest
   * answers 200 to any other webhook without queueing it. Unset: every verified webhook is queued.
   */
  Subscriptions: 'EVENT_SUBSCRIPTIONS',
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
  /** Timeout of each request to Plane's OAuth endpoints, in milliseconds (default 8000). */
  PlaneTimeoutMs: 'PLANE_TIMEOUT_MS',
  /** CloudWatch namespace of the functions' EMF metrics (default METRICS_NAMESPACE). */
  MetricsNamespace: 'METRICS_NAMESPACE',
  /** The `service` field of every log line (Powertools' name; default SERVICE_NAME). */
  ServiceName: 'POWERTOOLS_SERVICE_NAME',
  /** debug, info, warn or error, in either case (Powertools' name; default info). */
  LogLevel: 'POWERTOOLS_LOG_LEVEL',
  /**
   * Set by Lambda from the function's application log level (advanced logging controls). It wins
   * over POWERTOOLS_LOG_LEVEL, as in Powertools Logger: Lambda drops lines below it anyway.
   */
  LambdaLogLevel: 'AWS_LAMBDA_LOG_LEVEL',
} as const;
