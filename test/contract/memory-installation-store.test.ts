import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { installationStoreContract } from './installation-store.contract';
import { renewalLeaseContract } from './renewal-lease.contract';

installationStoreContract('in-memory store', async () => createMemoryInstallationStore());
renewalLeaseContract('in-memory store', async () => createMemoryInstallationStore());
