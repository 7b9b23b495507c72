/** A promise a test resolves by hand: `await signal.promise` waits until someone calls `signal.fire()`. */
export interface Signal {
  readonly promise: Promise<void>;
  fire(): void;
}

export function createSignal(): Signal {
  let fire: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire: () => fire() };
}
