import { KitError, PayloadTooLargeError, SignatureError, UnavailableError, ValidationError } from './errors';
import { type HttpResponse, jsonResponse } from './http-response';

/**
 * The HTTP status an error is answered with: the one place errors meet HTTP. Only the errors of
 * bad input and of a dependency that is down reach an answer; anything else (a missing setting, a
 * bug) is the app's fault, 500.
 */
export function httpStatusOf(error: unknown): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof SignatureError) return 401;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnavailableError) return 503;
  return 500;
}

/** The JSON answer to a failed request, `{ error: <code>, message }`; an unexpected error says no more than that. */
export function errorResponse(error: unknown): HttpResponse {
  const known = error instanceof KitError ? error : undefined;
  return jsonResponse(httpStatusOf(error), {
    error: known?.code ?? 'internal_error',
    message: known?.message ?? 'internal error',
  });
}
