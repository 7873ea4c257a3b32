import { describe, expect, it } from 'vitest';
import type { ActorDirectory } from './actor-directory.js';
import { createActorPolicy } from './actor-policy.js';

function directory(members: Record<string, string[]>, groups: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const dir: ActorDirectory = {
    async isChannelMember(channelId, userId) {
      calls.push(`members:${channelId}`);
      return (members[channelId] ?? []).includes(userId);
    },
    async groupMembers(groupId) {
      calls.push(`group:${groupId}`);
      return groups[groupId] ?? [];
    },
  };
  return { dir, calls };
}

describe('createActorPolicy', () => {
  it('lets channel members act by default, and nobody else', async () => {
    const { dir } = directory({ C1: ['U1'] });
    const may = createActorPolicy({ directory: dir });
    expect(await may('U1', 'C1')).toEqual({ allowed: true });
    expect(await may('U2', 'C1')).toEqual({ allowed: false });
    expect(await may('U1', 'C2')).toEqual({ allowed: false });
  });

  it('allows listed users without a look-up, and members of listed groups', async () => {
    const { dir, calls } = directory({}, { S1: ['U3'] });
    const may = createActorPolicy({
      directory: dir,
      allow: { users: ['U9'], groups: ['S1'], channelMembers: false },
    });
    expect(await may('U9', 'C1')).toEqual({ allowed: true });
    expect(calls).toEqual([]);
    expect(await may('U3', 'C1')).toEqual({ allowed: true });
    expect(await may('U4', 'C1')).toEqual({ allowed: false });
    expect(calls).toEqual(['group:S1']);
  });

  it('refuses everyone but listed users when there is no directory', async () => {
    const may = createActorPolicy({ allow: { users: ['U9'] } });
    expect(await may('U9', 'C1')).toEqual({ allowed: true });
    expect(await may('U1', 'C1')).toEqual({ allowed: false });
  });

  it('fails closed when the look-up fails', async () => {
    const failing: ActorDirectory = {
      isChannelMember: async () => {
        throw new Error('ratelimited');
      },
      groupMembers: async () => [],
    };
    const result = await createActorPolicy({ directory: failing })('U1', 'C1');
    expect(result.allowed).toBe(false);
    expect(result.error).toBeInstanceOf(Error);
  });

  it('reuses an answer within cacheMs, then asks again', async () => {
    let t = 0;
    const { dir, calls } = directory({ C1: ['U1'] });
    const may = createActorPolicy({ directory: dir, cacheMs: 1000, now: () => t });
    await may('U1', 'C1');
    await may('U1', 'C1');
    expect(calls).toHaveLength(1);
    t = 1000;
    await may('U1', 'C1');
    expect(calls).toHaveLength(2);
  });
});
