import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA, loaded on first use (and again after a Redis restart lost it). */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Wraps Lua source so `runScript` can call it by SHA. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs `script` with no KEYS (every key is derived from ARGV[1], the prefix): EVALSHA, then EVAL when the
 * server does not know the script yet (`NOSCRIPT`, e.g. after a restart).
 */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  args: (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, 0, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
      return redis.eval(script.source, 0, ...args);
    }
    throw error;
  }
}
