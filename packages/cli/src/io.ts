/** Where a command reads and writes: the real process in the bin, something else in embedding code. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input, or `undefined` when it is a terminal (nothing piped in). */
  readStdin: () => Promise<string | undefined>;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user asks to stop (Ctrl-C / SIGTERM); used by long-running commands. */
  untilStopped: () => Promise<void>;
}

/** The `CliIo` of a real process: its streams, environment and signals. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    untilStopped: () =>
      new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}

/** Exit codes of every command. */
export const EXIT = Object.freeze({
  ok: 0,
  /** The command ran and found a problem (doctor) or could not deliver (send). */
  problem: 1,
  /** Bad usage: unknown command or option, missing argument. */
  usage: 2,
});
