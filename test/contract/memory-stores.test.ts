import { createMemoryDedupStore, createMemoryStateStore } from '../../lambdas/core/memory-stores';
import { dedupStoreContract, stateStoreContract } from './dedup-and-state-stores.contract';

dedupStoreContract('in-memory dedup store', async () => createMemoryDedupStore());
stateStoreContract('in-memory state store', async () => createMemoryStateStore());
