/**
 * `npm start`: the whole app on this machine against the Plane simulator (or the Plane at
 * PLANE_API_URL), with no AWS account and no tunnel. Options: --data DIR (keep installations
 * across restarts), --port N, --sim-port N. Settings come from the environment, then `.env`.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../lambdas/core/errors';
import { loadDotEnv, resolveLocalSettings } from '../lambdas/local/local-settings';
import { createPrettyLogger } from '../lambdas/local/pretty-log';
import { startLocal } from '../lambdas/local/runtime';

async function main(): Promise<void> {
  // Local mode runs on the Node.js you have; the SDK's notice about future Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'sim-port': { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm start -- [--data DIR] [--port 3000] [--sim-port 3100]\nSettings: PORT, PLANE_SIM_PORT, ' +
        'PLANE_CLIENT_ID, PLANE_CLIENT_SECRET, PLANE_WEBHOOK_SECRET, PLANE_API_URL, PLANE_SIM_WORKSPACE, ' +
        'PLANE_SIM_API_KEY, PLANE_SIM_TOKEN_LIFETIME, PLANE_AGENT_RUNS (environment or .env)\n',
    );
    return;
  }
  const env: Record<string, string | undefined> = { ...process.env };
  if (values.port) env.PORT = values.port;
  if (values['sim-port']) env.PLANE_SIM_PORT = values['sim-port'];
  const settings = resolveLocalSettings(env, loadDotEnv(), { dataDir: values.data });
  const log = createPrettyLogger();
  const app = await startLocal({ settings, log });
  const lines = [
    '',
    `  Plane app running locally (ready ${(process.uptime()).toFixed(1)} s after start)`,
    '',
    `  App          ${app.appUrl}   (open it: install link, work items, chat with the bot)`,
    `  Install      ${app.installUrl}`,
    `  Webhook      ${app.appUrl}/webhook`,
    app.simulator
      ? `  Plane (sim)  ${app.planeUrl}   workspace "${settings.workspaceSlug}", API key ${settings.apiKey}`
      : `  Plane        ${app.planeUrl}`,
    settings.dataDir
      ? `  Data         kept in ${settings.dataDir}`
      : '  Data         in memory (use --data DIR to keep installations)',
    settings.defaulted.length > 0
      ? `  Defaults     ${settings.defaulted.join(', ')} (local-only values, see README)`
      : '',
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`npm start: ${error.problems.map((problem) => `\n  - ${problem}`).join('')}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(
      `npm start: ${(error as Error).message}. Another process uses that port: stop it, or pick another ` +
        'with --port / --sim-port (or PORT / PLANE_SIM_PORT).\n',
    );
  } else {
    process.stderr.write(
      `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
