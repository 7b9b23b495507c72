import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CsrfOptions {
  /** The session cookie's name (local servers share 127.0.0.1's cookies across ports: make it unique). */
  readonly cookieName: string;
  /** @default 'Strict' */
  readonly sameSite?: 'Strict' | 'Lax';
}

/** A browser session's CSRF token, and the cookie to set when the session is new. */
interface CsrfSession {
  readonly token: string;
  readonly setCookie?: string;
}

/** What a form post brings to the check. */
interface CsrfInput {
  readonly cookieHeader?: string;
  /** The token the form posted. */
  readonly token?: string;
  /** The request's Origin header, if the browser sent one. */
  readonly origin?: string;
  /** The request's Host header (already checked to be this server's). */
  readonly host?: string;
}

export interface Csrf {
  /** The session of the request's cookie, or a new session with the cookie that starts it. */
  session(cookieHeader: string | undefined): CsrfSession;
  /** Why a form post is refused (Django's wording), or undefined when it may go on. */
  problem(input: CsrfInput): string | undefined;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Per-session CSRF tokens for local mode's forms: a random session id in an HttpOnly cookie, and
 * a token that is the HMAC of that id under a key made at start, so a page on another site can
 * neither read nor forge it, and a token from before a restart no longer passes. A browser's
 * Origin header, when sent, must name this server too (Django's CsrfViewMiddleware checks both).
 */
export function createCsrf(options: CsrfOptions): Csrf {
  const key = randomBytes(32);
  const tokenOf = (sessionId: string) => createHmac('sha256', key).update(sessionId).digest('base64url');
  const cookie = (sessionId: string) =>
    `${options.cookieName}=${sessionId}; Path=/; HttpOnly; SameSite=${options.sameSite ?? 'Strict'}`;
  const sessionOf = (header: string | undefined) => {
    const id = cookieValue(header, options.cookieName);
    return id && SESSION_ID.test(id) ? id : undefined;
  };
  return {
    session(cookieHeader) {
      const existing = sessionOf(cookieHeader);
      if (existing) return { token: tokenOf(existing) };
      const id = randomBytes(32).toString('base64url');
      return { token: tokenOf(id), setCookie: cookie(id) };
    },
    problem({ cookieHeader, token, origin, host }) {
      if (origin !== undefined && origin !== `http://${host}`) {
        return `Origin checking failed - ${origin.slice(0, 100)} does not match any trusted origins.`;
      }
      const id = sessionOf(cookieHeader);
      if (!id) return 'CSRF cookie not set.';
      if (!token) return 'CSRF token missing.';
      return same(token, tokenOf(id)) ? undefined : 'CSRF token incorrect.';
    },
  };
}
