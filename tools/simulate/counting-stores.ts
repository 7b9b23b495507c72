import type { InstallationStore } from '../../lambdas/core/installation';
import type { DedupStore, RateBudget } from '../../lambdas/core/ports';

/** DynamoDB requests the table's adapters would send, by store method. */
export interface DynamoCounter {
  total: number;
  readonly byMethod: Map<string, number>;
}

export function createDynamoCounter(): DynamoCounter {
  return { total: 0, byMethod: new Map() };
}

/**
 * Requests the DynamoDB adapter sends for one call (lambdas/adapters/dynamo-*.ts): most methods
 * one; a put of an installation two (its pointer item too), finding one by Plane's id two reads,
 * a claim that loses its conditional put one read more, a refusal after the first two updates, a
 * reservation on the grant schedule a read and, when it gets a slot, the conditional write.
 */
const COSTS: Record<string, (result: unknown) => number> = {
  putInstallation: () => 2,
  findInstallation: () => 2,
  claim: (result) => (result === 'claimed' ? 1 : 2),
  recordRefusal: (result) => (result === 'first' ? 1 : 2),
  reserve: (result) => ((result as { slotAt?: number }).slotAt === undefined ? 1 : 2),
};

/**
 * Wraps every method of a store so that each call is counted as the DynamoDB requests its adapter
 * would send. The store's behaviour is untouched: this is the real in-memory twin, counted.
 */
function countedStore<T extends object>(store: T, counter: DynamoCounter, prefix: string): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(store)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    const cost = COSTS[name] ?? (() => 1);
    const key = `${prefix}.${name}`;
    wrapped[name] = async (...args: unknown[]) => {
      const result: unknown = await member.apply(store, args);
      const requests = cost(result);
      counter.total += requests;
      counter.byMethod.set(key, (counter.byMethod.get(key) ?? 0) + requests);
      return result;
    };
  }
  return wrapped as T;
}

/** The stores the processor's path uses (the grant schedule in the same table), counted. */
export function countedStores(
  stores: { installations: InstallationStore; dedup: DedupStore; grants: RateBudget },
  counter: DynamoCounter,
) {
  return {
    installations: countedStore(stores.installations, counter, 'installations'),
    dedup: countedStore(stores.dedup, counter, 'dedup'),
    grants: countedStore(stores.grants, counter, 'grants'),
  };
}
