// The CLI's bin from its tarball, as `npx backend-notifier` runs it: --version, then send to the emulator.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { emulatorEnv, expectOneMessage, run } from './lib/emulator.mjs';

const exec = promisify(execFile);

run('cli (bin)', async () => {
  const { apiUrl, token } = emulatorEnv();
  const manifest = createRequire(import.meta.url).resolve('@backend-notifier/cli/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const bin = new URL('../node_modules/.bin/backend-notifier', import.meta.url).pathname;
  const shown = (await exec(bin, ['--version'])).stdout;
  if (shown !== `${version}\n`)
    throw new Error(`--version printed ${JSON.stringify(shown)}, expected ${version}`);
  const channel = 'smoke-cli';
  const marker = `cli-smoke-${process.pid}`;
  const env = { ...process.env, SLACK_BOT_TOKEN: token, SLACK_API_URL: apiUrl };
  const sent = await exec(bin, ['send', '--channel', channel, `deploy finished (${marker})`], { env });
  await expectOneMessage(channel, [marker]);
  return `--version ${version}; send: ${sent.stdout.trim().split('\n')[0]}`;
});
