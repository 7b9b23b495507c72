/**
 * Log redaction: the last line of defence that keeps tokens, secrets and payload bodies out of
 * logs, even when a handler logs them by mistake. Keys that name secrets or bodies are replaced,
 * known secret values (registered when they are read) are cut out of every string, and strings
 * shaped like bearer tokens or Plane tokens are masked. What people wrote (descriptions, comment
 * text) and e-mail addresses are masked by key.
 */
const SECRET_KEY =
  /(token|secret|password|passwd|authorization|cookie|signature|api[-_]?key|credential|^body$|^payload$|_html$)/i;
/** Keys of what people wrote or who they are: Plane's descriptions and comment text, e-mail addresses. */
const CONTENT_KEY = /^(description(_\w+)?|comment_stripped|(\w+_)?email)$/i;
// Every pattern here runs in linear time: attacker-controlled text (a header, an event name) is
// logged through them. A JWT is found as a whole run of token characters, then checked anchored.
// Plane's API keys and webhook secrets are a prefix and a uuid4 hex: generate_token in
// apps/api/plane/db/models/api.py and webhook.py of makeplane/plane.
const TOKEN_SHAPES: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bpln_[A-Za-z0-9_]{8,}/g,
  /\bplane_(api|wh)_[0-9a-f]{32}\b/g,
];
const TOKEN_RUN = /[A-Za-z0-9_.-]{32,}/g;
const JWT = /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/;
const ALNUM_RUN = /[A-Za-z0-9]{20,}/g;
const MASK = '[redacted]';
/** Longer strings are cut before they are logged (and before the patterns run). */
const MAX_TEXT = 4096;
const MAX_DEPTH = 6;

const known = new Set<string>();

/** Registers a secret value (a token, a client or webhook secret) so no log line can contain it. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

/**
 * Whether a run of letters and digits looks like a random token. Plane's OAuth tokens come from
 * oauthlib's generate_token: 30 random characters of [A-Za-z0-9] by default (oauthlib/common.py,
 * used by Django OAuth Toolkit). Such a run has both cases and a digit, or, failing a digit, many
 * capitals; hex (dedup keys, uuids), event names and CamelCase names do not.
 */
function looksRandom(run: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (const char of run) {
    if (char >= 'A' && char <= 'Z') upper += 1;
    else if (char >= 'a' && char <= 'z') lower += 1;
    else digit += 1;
  }
  return upper > 0 && lower > 0 && (digit > 0 || upper * 10 >= run.length * 3);
}

export function redactText(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(MASK);
  if (out.length > MAX_TEXT) out = `${out.slice(0, MAX_TEXT)}…[${out.length - MAX_TEXT} more characters]`;
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  out = out.replace(TOKEN_RUN, (run) => (JWT.test(run) ? MASK : run));
  return out.replace(ALNUM_RUN, (run) => (looksRandom(run) ? MASK : run));
}

/** A copy of `value` that is safe to log. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, depth + 1);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const masked = SECRET_KEY.test(key) || CONTENT_KEY.test(key);
    out[key] = masked && item !== undefined && item !== null && item !== '' ? MASK : redact(item, depth + 1);
  }
  return out;
}
