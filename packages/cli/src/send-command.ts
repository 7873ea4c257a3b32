import { parseArgs } from 'node:util';
import { createNotifier, type DeliveryOutcome, isNotifierError, type Priority } from '@backend-notifier/core';
import { resolveSlackTarget, SLACK_OPTIONS, SLACK_OPTIONS_HELP } from './common-options.js';
import { type CliIo, EXIT } from './io.js';
import { UsageError } from './usage-error.js';

/** Help of `backend-notifier send`. */
export const SEND_USAGE = `Usage: backend-notifier send [options] [text]
       echo "text" | backend-notifier send [options]

Posts one message through the notifier (channel set-up, pacing, formatting as in your app), waits for
the outcome and prints the message ts and permalink. Exit code 0 when delivered, 1 otherwise.

Options:
${SLACK_OPTIONS_HELP}
  --priority P       high | normal | low                            default: normal
  --title TEXT       a heading above the text
  --timeout-ms N     give up waiting for delivery after N ms        default: 30000`;

const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];

function waitAtMost(ms: number): { promise: Promise<undefined>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** `backend-notifier send`. */
export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...SLACK_OPTIONS,
      priority: { type: 'string', default: 'normal' },
      title: { type: 'string' },
      'timeout-ms': { type: 'string', default: '30000' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(`${SEND_USAGE}\n`);
    return EXIT.ok;
  }
  const priority = values.priority as Priority;
  if (!PRIORITIES.includes(priority)) {
    throw new UsageError(
      `--priority must be one of ${PRIORITIES.join(', ')}, got ${JSON.stringify(values.priority)}`,
    );
  }
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError('--timeout-ms must be a positive number');
  const target = resolveSlackTarget(values, io);
  const text = positionals.length > 0 ? positionals.join(' ') : (await io.readStdin())?.replace(/\n$/, '');
  if (text === undefined || text.trim() === '') {
    throw new UsageError('nothing to send: give the text as an argument or on standard input');
  }
  if (target.token === undefined) {
    io.stderr(`send: no token in $${target.tokenEnv} (run \`backend-notifier doctor\` for the fix)\n`);
    return EXIT.problem;
  }

  const notifier = createNotifier({
    token: target.token,
    channel: target.channel,
    slackApiUrl: target.apiUrl,
    autoStart: false,
    healthCheckIntervalMs: 0,
    // A one-shot command: a few tries, then report, instead of waiting through an outage.
    retry: { maxAttempts: 3, backoff: { baseMs: 500, maxMs: 2000 } },
    logger: {
      debug() {},
      info() {},
      warn: (message) => io.stderr(`send: warning: ${message}\n`),
      error: (message) => io.stderr(`send: ${message}\n`),
    },
  });
  try {
    await notifier.start();
  } catch (error) {
    await notifier.close(0);
    // NotifierError messages are written to be shown and never contain the token.
    io.stderr(`send: not sent: ${isNotifierError(error) ? error.message : 'could not start the notifier'}\n`);
    io.stderr('Run `backend-notifier doctor` with the same options for the exact fix.\n');
    return EXIT.problem;
  }
  const receipt = notifier.notify({ text, priority, ...(values.title ? { title: values.title } : {}) });
  const timer = waitAtMost(timeoutMs);
  const outcome: DeliveryOutcome | undefined = await Promise.race([receipt.delivered, timer.promise]);
  timer.cancel();
  await notifier.close(outcome ? 2000 : 0);
  if (outcome?.status === 'delivered') {
    io.stdout(`delivered to #${target.channel} (${outcome.channelId})\nts: ${outcome.ts}\n`);
    if (outcome.permalink) io.stdout(`permalink: ${outcome.permalink}\n`);
    return EXIT.ok;
  }
  io.stderr(
    outcome
      ? `send: not delivered (${outcome.status}: ${outcome.reason})\n`
      : `send: not delivered within ${timeoutMs} ms\n`,
  );
  return EXIT.problem;
}
