/**
 * Typed errors. Each carries a stable `code`; the few that reach an HTTP answer are mapped to a
 * status in one place (http-errors.ts), so no error here carries one. Messages say what to fix;
 * they never contain a token, a secret or a payload body.
 */
export class KitError extends Error {
  readonly code: string;

  constructor(message: string, options: { code: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
  }
}

/** A request that is not what it claims to be: bad envelope, bad query, bad form. */
export class ValidationError extends KitError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'invalid_request', cause: options.cause });
  }
}

/** The webhook signature is missing or does not match any active secret. */
export class SignatureError extends KitError {
  constructor() {
    super('invalid signature', { code: 'invalid_signature' });
  }
}

export class PayloadTooLargeError extends KitError {
  constructor(size: number, limit: number) {
    super(`body is ${size} bytes; the limit is ${limit} bytes`, { code: 'payload_too_large' });
  }
}

/** A dependency (the queue, the store) is down; the caller should try again later. */
export class UnavailableError extends KitError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'unavailable', cause: options.cause });
  }
}

/** A setting is missing or malformed. Lists every problem at once. */
export class ConfigError extends KitError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`configuration problem${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`, { code: 'config' });
    this.problems = problems;
  }
}

/** Plane refused to issue a token for an installation: the workspace must reinstall the app. */
export class ReinstallNeededError extends KitError {
  readonly workspaceId: string;

  constructor(workspaceId: string, detail: string, cause?: unknown) {
    super(`Plane refused a bot token for workspace ${workspaceId} (${detail}); the app must be reinstalled there`, {
      code: 'reinstall_needed',
      cause,
    });
    this.workspaceId = workspaceId;
  }
}

/**
 * Another attempt holds the event's dedup claim (SQS delivered one message twice at once, or
 * Plane sent the same body twice). Not a duplicate yet: that attempt may still fail or die, so
 * this copy fails too, and SQS shows it again after the visibility timeout, by when the claim has
 * ended (core/event-timings.ts).
 */
export class ClaimInProgressError extends KitError {
  constructor() {
    super('another attempt is processing this event; this copy will be retried', { code: 'claim_in_progress' });
  }
}

/**
 * There is not enough time left in this invocation to wait for a retry (`deadline`), or for the
 * token request slot the event needs (`token_budget`). The queue hides the record until
 * `retryAfterMs` (adapters/sqs-batch.ts), rather than failing it with the usual wait.
 */
export class DeadlineError extends KitError {
  /** How long to wait: a 429's Retry-After, or until the grant slot booked for the event. */
  readonly retryAfterMs?: number;

  constructor(message: string, cause?: unknown, retryAfterMs?: number, code: 'deadline' | 'token_budget' = 'deadline') {
    super(message, { code, cause });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A log-safe description of an error: name, message, code and (for Plane's answers) Plane's
 * status, never a stack or a cause that could carry request details.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const { code, planeStatus } = error as Error & { code?: unknown; planeStatus?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(code ? { code } : {}),
      ...(planeStatus ? { planeStatus } : {}),
    };
  }
  return { message: String(error) };
}
