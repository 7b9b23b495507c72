import { createMemoryInstallationStore } from '../../lambdas/core/memory-installation-store';
import { installationStoreContract } from './installation-store.contract';

installationStoreContract('in-memory store', async () => createMemoryInstallationStore());
