/** One module a generated script imports: named bindings, or a default one. */
export interface ScriptImport {
  from: string;
  named?: string[];
  default?: string;
}

/**
 * The import lines of a generated user script, as ESM `import` or CommonJS `require` (the same script
 * body then runs as `.mjs` and `.cjs`).
 */
export function scriptImports(kind: 'esm' | 'cjs', imports: readonly ScriptImport[]): string {
  return imports
    .map((i) => {
      const binding = i.default ?? `{ ${(i.named ?? []).join(', ')} }`;
      const from = JSON.stringify(i.from).replaceAll('"', "'");
      return kind === 'esm' ? `import ${binding} from ${from};` : `const ${binding} = require(${from});`;
    })
    .join('\n');
}

/**
 * The options of core's `createNotifier` in a generated exit script: the emulator from the environment,
 * the channel and the pace from the case `c` (the emulator is scaled to match the pace).
 */
export const SCRIPT_NOTIFIER_OPTIONS = `token: process.env.SLACK_BOT_TOKEN,
  channel: c.channel,
  slackApiUrl: process.env.SLACK_API_URL,
  perChannelPerSecond: c.perChannelPerSecond,
  workspacePerMinute: c.perChannelPerSecond * 60,`;
