// P6 start: Slack calls and time from createNotifier() to start() resolved, cold (the channel must be
// created) and warm (it exists and the bot is a member). Each start uses a fresh token with the manifest's
// scopes, so Slack's per-token tier buckets of one run do not slow the next. Contrast: the seed's setup
// (create, on name_taken find it with conversations.list, then join) with @slack/web-api's defaults.
import { createNotifier } from '@backend-notifier/core';
import { startEmulatorProcess } from './lib/emulator.js';
import { median } from './lib/measure.js';
import { row } from './lib/rows.js';
import { defaultWebClient, silentLogger } from './lib/slack-clients.js';

const SCOPES = [
  'channels:manage',
  'channels:join',
  'channels:read',
  'chat:write',
  'chat:write.public',
  'groups:write',
  'groups:read',
  'channels:history',
  'groups:history',
];

async function seedSetup(client, name) {
  try {
    const created = await client.conversations.create({ name });
    return created.channel.id;
  } catch (error) {
    if (error?.data?.error !== 'name_taken') throw error;
  }
  let cursor;
  do {
    const page = await client.conversations.list({ limit: 200, cursor, exclude_archived: false });
    const found = page.channels?.find((c) => c.name === name);
    if (found) {
      await client.conversations.join({ channel: found.id });
      return found.id;
    }
    cursor = page.response_metadata?.next_cursor;
  } while (cursor);
  throw new Error('channel not found');
}

export async function run(ctx) {
  const runs = ctx.quick ? 3 : 7;
  const rows = [];
  // Slack's shape at 1×, with 60 other channels so finding one by listing takes what it takes.
  const emu = await startEmulatorProcess({ rateLimits: { enabled: true } });
  try {
    for (let i = 0; i < 60; i++) await emu.control('createChannel', { name: `team-${i}` });
    const measure = async (subject, temp, fn) => {
      const times = [];
      let calls = {};
      for (let r = 0; r < runs; r++) {
        const name = `p6-${subject}-${temp}-${r}`;
        if (temp === 'warm') await emu.control('createChannel', { name, botMember: true });
        const token = await emu.control('createToken', { scopes: SCOPES });
        const since = await emu.lastSeq();
        const t0 = performance.now();
        const after = await fn(token, name);
        times.push(performance.now() - t0);
        await after?.();
        calls = (await emu.summary({ since })).counts;
      }
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      const detail = Object.entries(calls)
        .map(([k, v]) => `${k.replace(' ok', '')}${v > 1 ? ` ×${v}` : ''}`)
        .join(', ');
      ctx.log(subject, temp, times.map((t) => t.toFixed(1)).join(' '), detail);
      return { time: median(times), total, detail };
    };
    const ours = async (token, name) => {
      const n = createNotifier({
        token,
        slackApiUrl: emu.apiUrl,
        channel: name,
        logger: silentLogger,
        autoStart: false,
        healthCheckIntervalMs: 0,
      });
      await n.start();
      return () => n.close(0);
    };
    const seed = async (token, name) => {
      await seedSetup(defaultWebClient(token, emu.apiUrl), name);
    };
    for (const temp of ['cold', 'warm']) {
      const o = await measure('ours', temp, ours);
      const s = await measure('seed', temp, seed);
      const note =
        temp === 'warm' ? '; core has no channel-id cache option: warm = channel exists, bot a member' : '';
      rows.push(
        row('P6', 'backend-notifier', `start() ${temp}: Slack calls`, o.total, { note: o.detail }),
        row('P6', 'backend-notifier', `start() ${temp}: time`, o.time, {
          unit: 'ms',
          digits: 1,
          note: `median of ${runs}, emulator on loopback${note}`,
        }),
        row('P6', 'seed setup, @slack/web-api (defaults)', `setup ${temp}: Slack calls`, s.total, {
          note: `${s.detail} (no token or scope check)`,
        }),
        row('P6', 'seed setup, @slack/web-api (defaults)', `setup ${temp}: time`, s.time, {
          unit: 'ms',
          digits: 1,
        }),
      );
    }
  } finally {
    emu.close();
  }
  return rows;
}
