import { readSecretFromStdin } from './read-secret';

/** What Plane shows once an app is registered, as `npm run configure` stores it. */
export interface AppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
}

const FIELDS = [
  ['clientId', 'client_id', 'client id'],
  ['clientSecret', 'client_secret', 'client secret'],
  ['webhookSecret', 'webhook_secret', 'webhook secret'],
] as const;

/** The pipe formats, for help and error texts. */
export const PIPE_FORMAT =
  'three lines (client id, client secret, webhook secret, in that order) or one JSON object ' +
  '{"client_id": "...", "client_secret": "...", "webhook_secret": "..."}';

/**
 * Checks the three values; every problem at once, never a value in the text. The one mix-up worth
 * catching: the client secret pasted into the client id's place (or the other way round).
 */
function checkCredentials(values: Partial<Record<keyof AppCredentials, unknown>>): AppCredentials {
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const [key, , label] of FIELDS) {
    const value = values[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`the ${label} is missing`);
    else if (/\s/.test(value.trim())) problems.push(`the ${label} contains a space or a line break`);
    else out[key] = value.trim();
  }
  if (out.clientId && out.clientId === out.clientSecret)
    problems.push('the client id and the client secret are the same value: copy each from its own field in Plane');
  if (problems.length > 0) throw new Error(`${problems.join('; ')}. Nothing was stored.`);
  return out as unknown as AppCredentials;
}

/** Parses piped input: {@link PIPE_FORMAT}. */
export function parseCredentials(text: string): AppCredentials {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // JSON.parse's message quotes the input: it must not reach the terminal.
      throw new Error(`the input starts with "{" but is not valid JSON; expected ${PIPE_FORMAT}. Nothing was stored.`);
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    return checkCredentials(Object.fromEntries(FIELDS.map(([key, name]) => [key, record[name]])));
  }
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length !== 3)
    throw new Error(`expected ${PIPE_FORMAT}; got ${lines.length} non-empty line(s). Nothing was stored.`);
  return checkCredentials({ clientId: lines[0], clientSecret: lines[1], webhookSecret: lines[2] });
}

/**
 * Reads the three values: prompts on a terminal (the client id is echoed, the two secrets are
 * hidden), or the whole pipe otherwise.
 */
export async function readCredentials(
  target: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<AppCredentials> {
  if (!input.isTTY) return parseCredentials(await readSecretFromStdin('', input, output));
  output.write(`Paste the values Plane showed when you saved the app (for ${target}).\n`);
  const clientId = await readSecretFromStdin('Client ID: ', input, output, false);
  const clientSecret = await readSecretFromStdin('Client Secret (hidden): ', input, output);
  const webhookSecret = await readSecretFromStdin('Webhook secret (hidden): ', input, output);
  return checkCredentials({ clientId, clientSecret, webhookSecret });
}
