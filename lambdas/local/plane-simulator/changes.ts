/** Tells listeners that the simulator's data changed (the local console re-renders over SSE). */
export interface ChangeFeed {
  /** Calls `listener` after each change; returns the function that stops it. */
  onChange(listener: () => void): () => void;
  notify(): void;
}

/** Creates the feed. A listener that throws does not stop the others, nor the write that changed the data. */
export function createChangeFeed(): ChangeFeed {
  const listeners = new Set<() => void>();
  return {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify() {
      for (const listener of listeners) {
        try {
          listener();
        } catch {
          // A console's failure to re-render is its own business, never the simulated Plane's.
        }
      }
    },
  };
}
