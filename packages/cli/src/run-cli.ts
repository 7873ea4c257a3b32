import { doctorCommand } from './doctor-command.js';
import { emulatorCommand } from './emulator-command.js';
import { type CliIo, EXIT } from './io.js';
import { manifestCommand } from './manifest-command.js';
import { packageVersion } from './package-version.js';
import { sendCommand } from './send-command.js';
import { UsageError } from './usage-error.js';

/** Top-level help. */
export const USAGE = `Usage: backend-notifier <command> [options]

Commands:
  doctor     check the token, scopes and channel; print what is wrong and the exact fix
  send       post a message (text as argument or on stdin) and print its ts and permalink
  manifest   print the Slack app manifest (YAML) with the scopes the features in use need
  emulator   start the local Slack emulator and print its URLs and token

Options:
  -h, --help     this help
  -v, --version  print the version of @backend-notifier/cli

The token is read from $SLACK_BOT_TOKEN (or the variable --token-env names), never from an argument.
Run \`backend-notifier <command> --help\` for the options of each command.`;

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  doctor: doctorCommand,
  send: sendCommand,
  manifest: manifestCommand,
  emulator: emulatorCommand,
};

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Runs the CLI with `argv` (without `node` and the script); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`backend-notifier: unknown command ${JSON.stringify(name)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(
        `backend-notifier ${name}: ${error.message}\nRun \`backend-notifier ${name} --help\` for usage.\n`,
      );
      return EXIT.usage;
    }
    // Unexpected: show the class and message only (no stack, no request data that might hold a token).
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr(`backend-notifier ${name}: unexpected failure: ${message}\n`);
    return EXIT.problem;
  }
}
