import type { IncomingMessage, ServerResponse } from 'node:http';

/** Server-Sent Events streams whose data is re-rendered when something changed. */
export interface SseHub {
  /**
   * Answers `request` with an event stream. `render` gives the stream's data; it is sent at once
   * and then after each change, when it differs from what the stream last sent.
   */
  open(request: IncomingMessage, response: ServerResponse, render: () => string): void;
  /** Something changed: re-render every stream (once per turn of the event loop, however many calls). */
  notify(): void;
  /** Open streams (for tests). */
  readonly size: number;
}

interface Stream {
  readonly response: ServerResponse;
  readonly render: () => string;
  last?: string;
}

/** `data:` lines for a text (SSE ends a field at a newline, so each line gets its own). */
function frame(data: string): string {
  return `${data
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

/**
 * Creates a hub for live pages. Why SSE and not polling: a reply is pushed the moment the
 * simulator records it, and an idle page costs nothing. Browsers reconnect by themselves (after
 * `retry` ms), and the first frame of a new stream brings the page up to date.
 */
export function createSseHub(options: { retryMs?: number; onError?: (error: unknown) => void } = {}): SseHub {
  const streams = new Set<Stream>();
  let scheduled = false;

  const push = (stream: Stream) => {
    let data: string;
    try {
      data = stream.render();
    } catch (error) {
      options.onError?.(error);
      return;
    }
    if (data === stream.last) return;
    stream.last = data;
    stream.response.write(frame(data));
  };

  return {
    open(request, response, render) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(`retry: ${options.retryMs ?? 1000}\n\n`);
      const stream: Stream = { response, render };
      streams.add(stream);
      request.on('close', () => streams.delete(stream));
      push(stream);
    },
    notify() {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        for (const stream of streams) push(stream);
      });
    },
    get size() {
      return streams.size;
    },
  };
}
