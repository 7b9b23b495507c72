/**
 * Log redaction: the last line of defence that keeps tokens, secrets and payload bodies out of
 * logs, even when a handler logs them by mistake. Keys that name secrets or bodies are replaced,
 * known secret values (registered when they are read) are cut out of every string, and strings
 * shaped like bearer tokens or Plane tokens are masked.
 */
const SECRET_KEY = /(token|secret|password|passwd|authorization|cookie|signature|api[-_]?key|credential|^body$|^payload$|_html$)/i;
const TOKEN_SHAPES: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bpln_[A-Za-z0-9_]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];
const MASK = '[redacted]';
const MAX_DEPTH = 6;

const known = new Set<string>();

/** Registers a secret value (a token, a client or webhook secret) so no log line can contain it. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

export function redactText(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(MASK);
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  return out;
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
    out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null && item !== '' ? MASK : redact(item, depth + 1);
  }
  return out;
}
