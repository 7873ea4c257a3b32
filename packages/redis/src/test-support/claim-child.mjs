// A process that claims one item from the built Redis store and then hangs, so a test can SIGKILL it
// while it holds the claim. Config: JSON in argv[2] ({ url, prefix, lockDurationMs, channel }).
import { createRedisStore } from '../../dist/index.js';

const { url, prefix, lockDurationMs, channel } = JSON.parse(process.argv[2] ?? '{}');
const store = createRedisStore({ url, prefix, lockDurationMs });
const item = await store.claim(channel);
process.stdout.write(`${JSON.stringify({ claimed: item?.id ?? null })}\n`);
setInterval(() => {}, 60_000);
