import {
  createMemoryDedupStore,
  createMemoryRateBudget,
  createMemoryStateStore,
} from '../../lambdas/core/memory-stores';
import { dedupStoreContract, rateBudgetContract, stateStoreContract } from './dedup-and-state-stores.contract';

dedupStoreContract('in-memory dedup store', async () => createMemoryDedupStore());
stateStoreContract('in-memory state store', async () => createMemoryStateStore());
rateBudgetContract('in-memory rate budget', async () => createMemoryRateBudget());
