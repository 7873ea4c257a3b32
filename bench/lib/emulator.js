// Starts the Slack emulator in a separate process and exposes its control object over IPC.
import { forkWorker } from './child-process.js';

const CHILD = new URL('./emulator-child.js', import.meta.url).pathname;

/**
 * @param {object} options startSlackEmulator options (JSON-serializable)
 * @returns {Promise<{ apiUrl: string, url: string, botToken: string, control: (method: string, ...args: unknown[]) => Promise<any>, pause(): void, resume(): void, close(): void, pid: number }>}
 */
export async function startEmulatorProcess(options = {}) {
  const worker = forkWorker(CHILD, [JSON.stringify(options)]);
  const info = await worker.ready;
  return {
    apiUrl: info.apiUrl,
    url: info.url,
    botToken: info.botToken,
    pid: worker.child.pid,
    control: (method, ...args) => worker.call('call', { method, args }),
    /** Request-log counts by `method outcome` since `since` (for `channel` id and webhooks). */
    summary: (opts = {}) => worker.call('summary', opts),
    lastSeq: async () => (await worker.call('summary', { since: Number.MAX_SAFE_INTEGER })).lastSeq,
    /** SIGSTOP: connections are still accepted by the kernel, nothing answers. */
    pause: () => worker.child.kill('SIGSTOP'),
    resume: () => worker.child.kill('SIGCONT'),
    close: () => worker.kill(),
  };
}

/** Slack's rate shape (1/s per channel, burst 3, tiers per minute) sped up by `scale`. */
export function slackShape(scale, overrides = {}) {
  return { rateLimits: { enabled: true, scale, ...overrides } };
}
