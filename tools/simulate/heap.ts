/** A binary min-heap ordered by `key`, ties broken by insertion order (so equal times run first-in, first-out). */
export interface MinHeap<T> {
  readonly size: number;
  push(key: number, value: T): void;
  /** The smallest key, or undefined when empty. */
  peekKey(): number | undefined;
  peek(): T | undefined;
  pop(): T | undefined;
}

export function createMinHeap<T>(): MinHeap<T> {
  const keys: number[] = [];
  const seqs: number[] = [];
  const values: T[] = [];
  let seq = 0;
  const less = (a: number, b: number) => keys[a] < keys[b] || (keys[a] === keys[b] && seqs[a] < seqs[b]);
  const swap = (a: number, b: number) => {
    [keys[a], keys[b]] = [keys[b], keys[a]];
    [seqs[a], seqs[b]] = [seqs[b], seqs[a]];
    [values[a], values[b]] = [values[b], values[a]];
  };
  const up = (start: number) => {
    for (let i = start; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (start: number) => {
    for (let i = start; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < keys.length && less(left, smallest)) smallest = left;
      if (right < keys.length && less(right, smallest)) smallest = right;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  return {
    get size() {
      return keys.length;
    },
    push(key, value) {
      keys.push(key);
      seqs.push(seq++);
      values.push(value);
      up(keys.length - 1);
    },
    peekKey: () => keys[0],
    peek: () => values[0],
    pop() {
      if (keys.length === 0) return undefined;
      const top = values[0];
      const last = keys.length - 1;
      swap(0, last);
      keys.pop();
      seqs.pop();
      values.pop();
      down(0);
      return top;
    },
  };
}
