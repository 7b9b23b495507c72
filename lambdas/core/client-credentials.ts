import { ConfigError } from './errors';

/** The app's OAuth client credentials, as the functions read them from the client secret. */
export interface ClientCredentials {
  /** Empty when neither the secret nor the stage setting planeClientId gives one. */
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface ParseClientSecretOptions {
  /** The secret's ARN or name, for error messages (never its value). */
  readonly secretName: string;
  /** The stage setting planeClientId (PLANE_CLIENT_ID): the client id when the secret holds none. */
  readonly fallbackClientId?: string;
}

const fix = 'store it again with `npm run configure`';

/**
 * Reads the client secret's value. JSON, `{"client_id": "...", "client_secret": "..."}` (what
 * `npm run configure` stores), gives both. A plain string is the client secret alone, with the
 * client id from planeClientId, so stacks set up before the JSON form keep working. Errors name
 * the secret and the fix, never the value (JSON.parse's own message would quote it).
 */
export function parseClientSecret(value: string, options: ParseClientSecretOptions): ClientCredentials {
  const text = value.trim();
  const fallback = options.fallbackClientId?.trim() ?? '';
  if (!text.startsWith('{')) return { clientId: fallback, clientSecret: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError([`the secret ${options.secretName} starts with "{" but is not valid JSON: ${fix}`]);
  }
  const record = parsed as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof record.client_secret !== 'string' || record.client_secret.trim() === '')
    problems.push(`the secret ${options.secretName} has no "client_secret" string: ${fix}`);
  if (record.client_id !== undefined && typeof record.client_id !== 'string')
    problems.push(`the secret ${options.secretName} has a "client_id" that is not a string: ${fix}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    clientId: typeof record.client_id === 'string' && record.client_id.trim() ? record.client_id.trim() : fallback,
    clientSecret: String(record.client_secret).trim(),
  };
}

/**
 * What the OAuth functions lack, as one sentence for the setup page and the logs; undefined when
 * nothing is missing. A client secret without a client id is either the stack's placeholder or
 * was stored alone, and `npm run configure` fixes both.
 */
export function missingCredentials(credentials: ClientCredentials, stage: string): string | undefined {
  if (credentials.clientId && credentials.clientSecret) return undefined;
  const what = credentials.clientSecret ? 'client id is' : 'client id and client secret are';
  return (
    `The ${what} not set: run \`npm run configure -- --stage ${stage}\` and paste the values Plane ` +
    "shows in the app's settings."
  );
}
