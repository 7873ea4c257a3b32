import type { Fault, FaultSpec } from './types.js';

const ACTIONS = new Set([
  'error',
  'ratelimit',
  'http',
  'delay',
  'hang',
  'late',
  'reset',
  'non_json',
  'redirect',
]);

/** Throws a TypeError when `spec` is not a valid FaultSpec (the HTTP API answers 400). */
export function assertFaultSpec(spec: unknown): asserts spec is FaultSpec {
  const s = spec as FaultSpec | undefined;
  if (!s || typeof s.method !== 'string' || !s.action || !ACTIONS.has(s.action.type)) {
    throw new TypeError('fault needs { method, action: { type } } with a known action type');
  }
  if (s.action.type === 'error' && typeof s.action.error !== 'string')
    throw new TypeError('error fault needs error');
  if (s.action.type === 'http' && !Number.isInteger(s.action.status))
    throw new TypeError('http fault needs status');
  if (s.action.type === 'delay' && typeof s.action.ms !== 'number')
    throw new TypeError('delay fault needs ms');
  if (s.action.type === 'late' && !(typeof s.action.ms === 'number' && s.action.ms >= 0))
    throw new TypeError('late fault needs ms >= 0');
  if (s.probability !== undefined && (s.probability < 0 || s.probability > 1)) {
    throw new TypeError('probability must be within 0..1');
  }
}

/** Injected faults, matched per method and optionally per channel. */
export class FaultStore {
  #faults: Fault[] = [];
  #counter = 0;

  add(spec: FaultSpec): Fault {
    assertFaultSpec(spec);
    this.#counter += 1;
    const fault: Fault = {
      ...spec,
      action: { ...spec.action },
      id: `fault_${this.#counter}`,
      hits: 0,
      ...(spec.times !== undefined ? { remaining: spec.times } : {}),
    };
    this.#faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((f) => f.id !== id);
    return this.#faults.length < before;
  }

  clear(): void {
    this.#faults = [];
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /**
   * The first fault that applies to this call, consuming one of its `times`. `channelMatches`
   * resolves a fault's channel ref against the call's channel; `wildcard` = whether `'*'` applies
   * (not for webhooks, which only match faults naming `'incoming-webhook'`).
   */
  match(
    method: string,
    channelMatches: (ref: string) => boolean,
    random: () => number,
    wildcard = true,
  ): Fault | undefined {
    for (const fault of this.#faults) {
      if (fault.method !== method && !(wildcard && fault.method === '*')) continue;
      if (fault.channel !== undefined && !channelMatches(fault.channel)) continue;
      if (fault.remaining !== undefined && fault.remaining <= 0) continue;
      if (fault.probability !== undefined && random() >= fault.probability) continue;
      fault.hits += 1;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.remove(fault.id);
      }
      return { ...fault };
    }
    return undefined;
  }
}
