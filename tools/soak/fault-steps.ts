import type { PlaneSimulator } from '../../lambdas/local/plane-simulator';
import type { FaultStep } from './fault-director';
import type { KillSwitch } from './kill-switch';
import type { SqsFaultProxy } from './sqs-fault-proxy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processor invocations killed after their handlers ran, before they reported: `share` of them for `ms`. */
export function killStep(kills: KillSwitch, at: number, share: number, ms: number): FaultStep {
  return {
    kind: 'killed',
    label: 'processors killed mid-batch',
    at,
    async run() {
      const before = { ...kills.killed };
      kills.set(share);
      await sleep(ms);
      kills.set(0);
      const invocations = kills.killed.invocations - before.invocations;
      return `${invocations} invocations dropped their result, ${kills.killed.records - before.records} records`;
    },
  };
}

/** A stretch of 429s and 500s from Plane's REST API. */
export function planeApiStep(simulator: PlaneSimulator, at: number, rate: number, ms: number): FaultStep {
  return {
    kind: 'plane-api',
    label: `Plane API ${rate * 100}% 429 + ${rate * 100}% 500`,
    at,
    async run() {
      simulator.setFaults({ api429Rate: rate, api500Rate: rate });
      await sleep(ms);
      simulator.setFaults({});
      return `${ms / 1000} s`;
    },
  };
}

/**
 * A burst of 500s from the token endpoint while every token has just expired, so each renewal in
 * it fails: the kit must neither uninstall nor drop an event (no single status proves an uninstall).
 */
export function token500Step(simulator: PlaneSimulator, at: number, ms: number): FaultStep {
  return {
    kind: 'token-5xx',
    label: 'token endpoint 500s (tokens expired)',
    at,
    async run() {
      const before = simulator.tokenRequests.length;
      simulator.expireAllTokens();
      simulator.setFaults({ token500Rate: 1 });
      await sleep(ms);
      simulator.setFaults({});
      const failed = simulator.tokenRequests.slice(before).filter((request) => request.status >= 500).length;
      return `every access token expired; ${failed} token requests answered 500 in ${ms / 1000} s`;
    },
  };
}

/** SQS down for its senders (ingest, the sweeper): ingest keeps the webhooks in S3 and still answers 200. */
export function sqsDownStep(proxy: SqsFaultProxy, at: number, ms: number): FaultStep {
  const refused = () => proxy.injected['answer-500'] + proxy.injected.reset + proxy.injected['queue-then-500'];
  return {
    kind: 'sqs-down',
    label: 'SQS down (ingest keeps webhooks in S3)',
    at,
    async run() {
      const before = refused();
      proxy.refuseFor(ms);
      await proxy.cleared();
      return `${refused() - before} SendMessage calls refused in ${ms / 1000} s`;
    },
  };
}
