import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Csrf } from './csrf';
import { readBody } from './http-adapter';

const MAX_FORM_BYTES = 64 * 1024;

/** What a form post came to: a status, a sentence for the person, and where a plain form goes next. */
export interface FormResult {
  readonly status: number;
  readonly message: string;
  /** For a 2xx: the page a form posted without script is sent to (303). */
  readonly location?: string;
}

/**
 * Answers a form post: JSON `{message}` to the page's script (it asked with `Accept:
 * application/json`), a 303 to `location` for a plain form that succeeded, else the status and
 * the message as text.
 */
function sendFormResult(request: IncomingMessage, response: ServerResponse, result: FormResult): void {
  if (/application\/json/.test(request.headers.accept ?? '')) {
    response.writeHead(result.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ message: result.message }));
  } else if (result.status < 300 && result.location) {
    response.writeHead(303, { location: result.location });
    response.end();
  } else {
    response.writeHead(result.status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(result.message);
  }
}

/**
 * Reads a form post (up to 64 KB) and checks its CSRF token (field `csrf`) and Origin, then runs
 * `act`. A refused post is a 403 that says why. `act` answers bad input itself
 * (a 4xx); if it throws, the answer is a 500 with the error's message, shown to the person at the
 * keyboard (local mode only) rather than crashing the server.
 */
export function handleFormPost(
  request: IncomingMessage,
  response: ServerResponse,
  csrf: Csrf,
  act: (form: URLSearchParams) => Promise<FormResult> | FormResult,
): void {
  const run = async (): Promise<FormResult> => {
    let form: URLSearchParams;
    try {
      form = new URLSearchParams((await readBody(request, MAX_FORM_BYTES)).toString('utf8'));
    } catch (error) {
      return { status: 413, message: error instanceof Error ? error.message : String(error) };
    }
    const problem = csrf.problem({
      cookieHeader: request.headers.cookie,
      token: form.get('csrf') ?? undefined,
      origin: request.headers.origin,
      host: request.headers.host,
    });
    if (problem) return { status: 403, message: `Refused: ${problem} Reload the page and try again.` };
    try {
      return await act(form);
    } catch (error) {
      return { status: 500, message: `Failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  void run().then((result) => sendFormResult(request, response, result));
}
