import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Plane signs webhooks with (HTTP APIs deliver it lower-cased). */
export const SIGNATURE_HEADER = 'x-plane-signature';

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export type HeaderMap = Readonly<Record<string, string | undefined>>;

/** Looks a header up case-insensitively; the first non-empty match wins. */
export function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const exact = Object.hasOwn(headers, name) ? headers[name] : undefined;
  if (exact) return exact;
  const wanted = name.toLowerCase();
  let empty: string | undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (value) return value;
    empty = value;
  }
  return exact ?? empty;
}

/** Lower-case hex HMAC-SHA256 of the body bytes, as Plane computes `X-Plane-Signature`. */
export function signBody(body: Uint8Array | string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
}

/**
 * True when `signature` is the HMAC-SHA256 of `body` under any of `secrets`.
 * Compares bytes in constant time and checks every secret (no early exit), so timing
 * reveals neither the match position nor which secret matched. Never throws: a missing,
 * empty, odd-length, non-hex or wrong-length signature is simply not valid.
 */
export function verifySignature(body: Uint8Array, signature: string | undefined, secrets: readonly string[]): boolean {
  if (typeof signature !== 'string') return false;
  const trimmed = signature.trim();
  if (!HEX_SHA256.test(trimmed)) return false;
  const given = Buffer.from(trimmed, 'hex');
  let valid = false;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest();
    if (timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/**
 * Reads the active webhook secrets from a secret's string: one secret, or several separated by
 * whitespace (during a rotation both the old and the new one are active).
 */
export function parseSecretList(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((part) => part.length > 0);
}
