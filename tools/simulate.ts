/**
 * `npm run simulate -- --installations N [--limit-key app|ip] [--token-lifetime S] [--json]`: a
 * discrete-event simulation, in virtual time, of N workspaces' webhooks through the kit's real
 * processor (token manager, installation cache, dedup claims, batch logic) against Plane's token
 * and API limits. `--ceiling` searches the largest N whose p99 delay stays under 60 s; `--table`
 * runs 1k to 30k installations under both limit keys and both token lifetimes. Logic in
 * tools/simulate/.
 */
import { createProgress } from '../bin/ops/progress';
import { readSimulateArgs, USAGE } from './simulate/args';
import { findCeiling } from './simulate/ceiling';
import { resultJson, resultTable } from './simulate/report';
import { runSimulation, type SimulationConfig, type SimulationResult } from './simulate/run';

const say = (line: string) => process.stderr.write(`[simulate] ${line}\n`);
const describe = (r: SimulationResult) =>
  `${r.installations} installations, ${r.limitKey}, ${r.tokenLifetimeS} s tokens: p99 ${r.delayP99S} s, ` +
  `${r.grants} grants, ${r.tokenEndpoint429s} token 429s, parked ${r.parked} (${r.runSeconds} s)`;

/** One run with a progress bar over its simulated hours. */
async function runWithProgress(config: SimulationConfig): Promise<SimulationResult> {
  const total = config.warmupHours + config.hours;
  const bar = createProgress({ label: `simulate ${config.installations}`, total, unit: 'simulated hours' });
  const result = await runSimulation({ ...config, onHour: (done) => bar.update(Math.min(done, total)) });
  bar.stop(describe(result));
  return result;
}

async function main(): Promise<void> {
  const args = readSimulateArgs();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.ceiling) {
    const search = await findCeiling(args.config, runSimulation, { onRun: (r) => say(describe(r)) });
    if (args.json)
      process.stdout.write(`${resultJson(search.atCeiling, { ceilingInstallations: search.ceilingInstallations })}\n`);
    else process.stdout.write(`${resultTable(search.runs)}\n\nceiling: ${search.ceilingInstallations} installations\n`);
    return;
  }
  if (args.table) {
    const results: SimulationResult[] = [];
    for (const tokenLifetimeS of [36_000, 86_400])
      for (const limitKey of ['app', 'ip'] as const)
        for (const installations of [1000, 3000, 10_000, 30_000]) {
          const result = await runSimulation({ ...args.config, installations, limitKey, tokenLifetimeS });
          say(describe(result));
          results.push(result);
        }
    process.stdout.write(args.json ? `${JSON.stringify(results)}\n` : `${resultTable(results)}\n`);
    return;
  }
  const result = args.json ? await runSimulation(args.config) : await runWithProgress(args.config);
  process.stdout.write(args.json ? `${resultJson(result)}\n` : `${resultTable([result])}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm run simulate failed: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exit(1);
});
