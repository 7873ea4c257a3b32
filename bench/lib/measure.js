// Small statistics and timing helpers.
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tick = () => new Promise((r) => setImmediate(r));

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Poll `check` every `everyMs` until it is true or `timeoutMs` passed; resolves to whether it became true. */
export async function waitUntil(check, timeoutMs, everyMs = 50) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}

/** Samples RSS every `everyMs`; `stop()` returns `{ start, peak, end }` in bytes. */
export function sampleRss(everyMs = 50) {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    const r = process.memoryUsage.rss();
    if (r > peak) peak = r;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = process.memoryUsage.rss();
      return { start, peak: Math.max(peak, end), end };
    },
  };
}

/**
 * Replays Slack's per-channel token bucket (rate per second, burst) over arrival times (ms) and counts the
 * requests it would have refused: used for incoming webhooks, which the emulator does not rate-limit.
 */
export function overLimit(arrivals, perSecond, burst) {
  let tokens = burst;
  let last = arrivals[0] ?? 0;
  let refused = 0;
  for (const at of arrivals) {
    tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
    last = at;
    if (tokens >= 1) tokens -= 1;
    else refused++;
  }
  return refused;
}

export const MB = 1024 * 1024;
