import { parseArgs } from 'node:util';
import { startSlackEmulator } from '@backend-notifier/slack-emulator';
import { type CliIo, EXIT } from './io.js';
import { UsageError } from './usage-error.js';

/** Help of `backend-notifier emulator`. */
export const EMULATOR_USAGE = `Usage: backend-notifier emulator [options]

Starts the local Slack emulator (Web API + web page) and prints its URLs and bot token, then runs until
Ctrl-C. The token is the emulator's own, not a Slack secret.

Options:
  --port N           TCP port, 0 for any free port                  default: 3700
  --host H           interface to bind                              default: 127.0.0.1
  --allow-host NAME  also answer requests with Host NAME or NAME:PORT (repeatable;
                     loopback and --host always are), e.g. a container's service name
  --seed S           seed of ids and tokens (same seed, same token) default: random
  --rate-scale X     multiply every rate limit by X                 default: 1
  --no-rate-limits   turn rate limiting off
  -h, --help         show this help`;

/** `backend-notifier emulator`. */
export async function emulatorCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '3700' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-host': { type: 'string', multiple: true },
      seed: { type: 'string' },
      'rate-scale': { type: 'string' },
      'no-rate-limits': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${EMULATOR_USAGE}\n`);
    return EXIT.ok;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`invalid --port ${values.port}`);
  const scale = values['rate-scale'] === undefined ? 1 : Number(values['rate-scale']);
  if (!Number.isFinite(scale) || scale <= 0)
    throw new UsageError(`invalid --rate-scale ${values['rate-scale']}`);
  const emulator = await startSlackEmulator({
    port,
    host: values.host,
    allowedHosts: values['allow-host'] ?? [],
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    rateLimits: { enabled: !values['no-rate-limits'], scale },
  }).catch((error: unknown) => {
    // The emulator checks its allowedHosts before it binds: a malformed name is the user's input.
    if (error instanceof Error && error.message.startsWith('allowedHosts:')) {
      throw new UsageError(`invalid --allow-host: ${error.message.slice('allowedHosts: '.length)}`);
    }
    throw error;
  });
  io.stdout(
    [
      'Slack emulator running.',
      `  page:      ${emulator.url}`,
      `  api url:   ${emulator.apiUrl}`,
      `  bot token: ${emulator.botToken}`,
      '',
      'Try:',
      `  export SLACK_BOT_TOKEN=${emulator.botToken}`,
      `  backend-notifier doctor --api-url ${emulator.apiUrl}`,
      `  backend-notifier send --api-url ${emulator.apiUrl} "hello from the CLI"`,
      '',
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await io.untilStopped();
  await emulator.close();
  io.stdout('Slack emulator stopped.\n');
  return EXIT.ok;
}
