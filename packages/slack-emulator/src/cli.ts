#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startSlackEmulator } from './start-slack-emulator.js';

const USAGE = `Usage: slack-emulator [--port N] [--host H] [--allow-host NAME] [--seed S] [--no-rate-limits] [--rate-scale X]
                      [--request-url URL] [--signing-secret S]

Starts the local Slack Web API emulator and prints the page URL, the API URL and the bot token.
  --port N          TCP port (0 = any free port)        default 3700
  --host H          interface to bind                   default 127.0.0.1
  --allow-host NAME also answer Host NAME or NAME:PORT (repeatable; loopback and --host always are)
  --seed S          seed for ids and tokens             default random
  --no-rate-limits  turn every rate limit off
  --rate-scale X    multiply every rate by X            default 1
  --request-url URL the app's interactivity Request URL (button clicks POST there without Socket Mode)
  --signing-secret S the app's signing secret            default generated from the seed
The app token and signing secret: GET <page>_emulator/app.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3700' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-host': { type: 'string', multiple: true },
      seed: { type: 'string' },
      'no-rate-limits': { type: 'boolean', default: false },
      'rate-scale': { type: 'string' },
      'request-url': { type: 'string' },
      'signing-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  const scale = values['rate-scale'] === undefined ? 1 : Number(values['rate-scale']);
  const emu = await startSlackEmulator({
    port,
    host: values.host,
    allowedHosts: values['allow-host'] ?? [],
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    rateLimits: { enabled: !values['no-rate-limits'], scale },
    app: {
      ...(values['request-url'] !== undefined ? { requestUrl: values['request-url'] } : {}),
      ...(values['signing-secret'] !== undefined ? { signingSecret: values['signing-secret'] } : {}),
    },
  });
  process.stdout.write(
    `Slack emulator page: ${emu.url}\nAPI URL (slackApiUrl): ${emu.apiUrl}\nBot token: ${emu.botToken}\n`,
  );
  const stop = () => {
    emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`slack-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
