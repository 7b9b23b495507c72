import type { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-client';
import { createDynamoInstallationStore } from '../../lambdas/adapters/dynamo-installation-store';
import { redrive } from '../../lambdas/adapters/sqs-redrive';
import { MAX_RECEIVE_COUNT } from '../../lambdas/core/limits';
import type { LocalApp } from '../../lambdas/local/runtime';
import { installThroughConsent } from '../bench/local-throughput';
import type { FaultStep } from './fault-director';
import { peekDedupKeys } from './queues';

export interface RefusalStepOptions {
  readonly app: LocalApp;
  readonly sqs: SQSClient;
  readonly at: number;
  /** The queue's visibility timeout: how long a failed event waits for its next receive. */
  readonly retrySeconds: number;
  /** Gets the dedup keys of the parked messages the redrive after the reinstall moves. */
  readonly onRedrive: (dedupKeys: readonly string[]) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`soak: gave up after ${timeoutMs / 1000} s waiting until ${what}`);
    await sleep(250);
  }
}

/**
 * An explicit refusal, confirmed, then a reinstall and a redrive: the workspace's admin uninstalls
 * the app (Plane answers `invalid_grant` to its bot grants), the processor fails the events until a
 * second refusal confirms it and marks the installation `reinstall_needed`, the events are parked in
 * the dead-letter queue after their receives, the admin installs the app again through the consent
 * screen, and the operator redrives the dead-letter queue.
 */
export function refusalStep(options: RefusalStepOptions): FaultStep {
  const { app, sqs } = options;
  return {
    kind: 'refusal',
    label: 'grant refused (uninstalled) until reinstall + redrive',
    at: options.at,
    async run() {
      const simulator = app.simulator;
      const installation = simulator?.installation();
      if (!simulator || !installation) throw new Error('soak: the refusal needs the simulator and an installation');
      const documents = createDocumentClient();
      const store = createDynamoInstallationStore(documents, app.env.TABLE_NAME);
      const grantsBefore = simulator.tokenRequests.length;
      try {
        const uninstalledAt = Date.now();
        simulator.uninstall(installation.id);
        await waitFor(
          'the installation was marked reinstall_needed',
          async () => (await store.getInstallation(installation.workspace))?.status === 'reinstall_needed',
          300_000,
        );
        const confirmedMs = Date.now() - uninstalledAt;
        // Every event queued before the confirmation uses its receives and is parked meanwhile.
        await sleep(options.retrySeconds * MAX_RECEIVE_COUNT * 1000);
        await installThroughConsent(app);
        const status = (await store.getInstallation(installation.workspace))?.status;
        if (status !== 'installed') throw new Error(`soak: after the reinstall the installation is ${status}`);
        const parked = await peekDedupKeys(sqs, app.sqs.deadLetterQueueUrl);
        const moved = await redrive({
          sqs,
          queueUrl: app.sqs.queueUrl,
          deadLetterQueueUrl: app.sqs.deadLetterQueueUrl,
          dryRun: false,
        });
        options.onRedrive(parked);
        const refused = simulator.tokenRequests
          .slice(grantsBefore)
          .filter((request) => request.error === 'invalid_grant').length;
        return (
          `${refused} bot grants answered invalid_grant, ` +
          `reinstall_needed after ${(confirmedMs / 1000).toFixed(1)} s; ` +
          `reinstalled; redrive moved ${moved.moved} (failed ${moved.failed})`
        );
      } finally {
        documents.destroy();
      }
    },
  };
}
