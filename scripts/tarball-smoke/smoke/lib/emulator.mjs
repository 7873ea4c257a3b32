// What every smoke program shares: the emulator run.sh started from the slack-emulator tarball's bin
// (SLACK_API_URL, SLACK_BOT_TOKEN and EMULATOR_URL in the environment), read through its control API.

/** The environment run.sh sets; a smoke program run by hand gets a clear error without it. */
export function emulatorEnv() {
  const { SLACK_API_URL, SLACK_BOT_TOKEN, EMULATOR_URL } = process.env;
  if (!SLACK_API_URL || !SLACK_BOT_TOKEN || !EMULATOR_URL) {
    throw new Error('SLACK_API_URL, SLACK_BOT_TOKEN and EMULATOR_URL must be set (run.sh sets them)');
  }
  return { apiUrl: SLACK_API_URL, token: SLACK_BOT_TOKEN, pageUrl: EMULATOR_URL };
}

/** The messages the emulator holds in `channel` (a name or an id). */
export async function messages(channel) {
  const res = await fetch(
    new URL(`_emulator/channels/${encodeURIComponent(channel)}/messages`, emulatorEnv().pageUrl),
  );
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`emulator control API answered ${res.status}`);
  return (await res.json()).messages ?? [];
}

/**
 * Fails unless exactly one message of `channel` contains every string of `needles` (anywhere in its text,
 * blocks or attachments); returns it.
 */
export async function expectOneMessage(channel, needles) {
  const held = await messages(channel);
  const hits = held.filter((m) => needles.every((needle) => JSON.stringify(m).includes(needle)));
  if (hits.length !== 1) {
    throw new Error(
      `#${channel}: expected 1 message with ${JSON.stringify(needles)}, found ${hits.length} among ${held.length}: ` +
        JSON.stringify(held.map((m) => m.text)),
    );
  }
  return hits[0];
}

/** Runs a smoke program: prints its line on success, the error and exit code 1 on failure. */
export function run(name, main) {
  main().then(
    (line) => console.log(`ok   ${name}: ${line}`),
    (error) => {
      console.error(`FAIL ${name}:`, error);
      process.exitCode = 1;
    },
  );
}
