import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy that can be switched off: then it refuses every connection, as a service that is down. */
export interface SwitchableProxy {
  readonly endpoint: string;
  /** Where connections go while it is up (`http://host:port`). */
  target(endpoint: string): void;
  /** Down: open connections are cut and new ones closed at once. Up: connections pass again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** Starts a switchable TCP proxy on a free loopback port (tests only: an SQS outage in local mode). */
export async function startSwitchableProxy(): Promise<SwitchableProxy> {
  let upstream = new URL('http://127.0.0.1:1');
  let down = false;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (down) return void client.destroy();
    const service = connect(Number(upstream.port), upstream.hostname);
    track(service);
    client.pipe(service).pipe(client);
    client.on('close', () => service.destroy());
    service.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    target(endpoint) {
      upstream = new URL(endpoint);
    },
    setDown(value) {
      down = value;
      if (down) for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
