/**
 * Typed errors. Each carries a stable `code` and the HTTP status it maps to, so the
 * edge (API Gateway handlers, the local server) maps errors to responses in one place.
 * Messages say what to fix; they never contain a token, a secret or a payload body.
 */
export class KitError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(message: string, options: { code: string; status: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
  }
}

/** A request that is not what it claims to be: bad envelope, bad query, bad form. */
export class ValidationError extends KitError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'invalid_request', status: 400, cause: options.cause });
  }
}

/** The webhook signature is missing or does not match any active secret. */
export class SignatureError extends KitError {
  constructor() {
    super('invalid signature', { code: 'invalid_signature', status: 401 });
  }
}

export class PayloadTooLargeError extends KitError {
  constructor(size: number, limit: number) {
    super(`body is ${size} bytes; the limit is ${limit} bytes`, { code: 'payload_too_large', status: 413 });
  }
}

/** A dependency (the queue, the store) is down; the caller should try again later. */
export class UnavailableError extends KitError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'unavailable', status: 503, cause: options.cause });
  }
}

/** A setting is missing or malformed. Lists every problem at once. */
export class ConfigError extends KitError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`configuration problem${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`, {
      code: 'config',
      status: 500,
    });
    this.problems = problems;
  }
}

/** Plane refused to issue a token for an installation: the workspace must reinstall the app. */
export class ReinstallNeededError extends KitError {
  readonly workspaceId: string;

  constructor(workspaceId: string, detail: string, cause?: unknown) {
    super(`Plane refused a bot token for workspace ${workspaceId} (${detail}); the app must be reinstalled there`, {
      code: 'reinstall_needed',
      status: 409,
      cause,
    });
    this.workspaceId = workspaceId;
  }
}

/** There is not enough time left in this invocation to wait for a retry. */
export class DeadlineError extends KitError {
  /** How long the dependency asked to wait (a 429's Retry-After), when that is why time ran out. */
  readonly retryAfterMs?: number;

  constructor(message: string, cause?: unknown, retryAfterMs?: number) {
    super(message, { code: 'deadline', status: 503, cause });
    this.retryAfterMs = retryAfterMs;
  }
}
