import type { Priority } from '@backend-notifier/core';

/** pino's own levels (`pino.levels.values`): what a line's numeric `level` means without custom levels. */
export const PINO_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
});

/** Default level → priority: `fatal` and `error` page someone, `warn` is normal, the rest is low. */
export const DEFAULT_LEVEL_PRIORITIES: Readonly<Record<string, Priority>> = Object.freeze({
  fatal: 'high',
  error: 'high',
  warn: 'normal',
});

/**
 * Labels and numbers of the levels a logger uses: pino's defaults, the custom levels given in the options,
 * and whatever the logger itself reports (`logger.levels`, or the worker's `PINO_CONFIG`), which wins.
 * Custom levels are honoured through their numbers: a level without a listed priority is ranked against
 * pino's `error` (50) and `warn` (40).
 */
export class LevelMap {
  #values: Record<string, number>;
  #labels: Record<number, string>;

  constructor(custom: Readonly<Record<string, number>> = {}) {
    this.#values = { ...PINO_LEVELS, ...custom };
    this.#labels = labelsOf(this.#values);
  }

  /** Takes the logger's own mapping (`{ values: { label: number } }`), when it has one. */
  learn(levels: { values?: Readonly<Record<string, number>> } | undefined): void {
    const values = levels?.values;
    if (values === undefined || values === null || typeof values !== 'object') return;
    this.#values = { ...this.#values, ...values };
    this.#labels = labelsOf(this.#values);
  }

  /** The number of a level given as a label or a number; `undefined` for an unknown label. */
  numberOf(level: unknown): number | undefined {
    if (typeof level === 'number' && Number.isFinite(level)) return level;
    if (typeof level === 'string') return this.#values[level];
    return undefined;
  }

  /** The label of a line's level (`level` is a number, or a label when `formatters.level` made it one). */
  labelOf(level: unknown): string {
    if (typeof level === 'string') return level;
    if (typeof level === 'number') return this.#labels[level] ?? `level ${level}`;
    return 'unknown';
  }
}

function labelsOf(values: Readonly<Record<string, number>>): Record<number, string> {
  const labels: Record<number, string> = {};
  // Later entries (custom levels, the logger's own) win over pino's defaults for the same number.
  for (const [label, n] of Object.entries(values)) labels[n] = label;
  return labels;
}

/** Priority of a level: the `priorities` entry of its label, else by its number against pino's own levels. */
export function priorityOf(
  label: string,
  level: number | undefined,
  priorities: Readonly<Record<string, Priority>>,
): Priority {
  const listed = priorities[label];
  if (listed !== undefined) return listed;
  if (level === undefined) return 'low';
  if (level >= (PINO_LEVELS['error'] ?? 50)) return 'high';
  return level >= (PINO_LEVELS['warn'] ?? 40) ? 'normal' : 'low';
}
