/** fast-check arbitraries for scenario 12: hostile strings, huge stacks, notifications. */
import fc from 'fast-check';
import type { DeploymentInfo, Mention, Notification } from '../../types.js';

/** Pieces that Slack would parse, break escaping, break fences or break UTF-8. */
export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<@W0A|boss>',
  '<#C024BE7LR|general>',
  '<!subteam^SAZ94GDB8>',
  '<!date^1392734382^{date}|x>',
  '<https://evil|click>',
  '<mailto:a@b.c|mail>',
  '&',
  '&amp;',
  '&lt;!channel&gt;',
  '<',
  '>',
  '```',
  '`',
  '*',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '😀',
  '\n',
  '|',
  '\u0000',
];

/** Strings of raw UTF-16 code units, lone surrogates included. */
const utf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 30,
});

export const smallHostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), utf16, fc.string({ maxLength: 20 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** A big string (50 KB to 1.1 MB) made of a hostile piece repeated; may end in half a surrogate pair. */
export const bigHostile = fc
  .tuple(smallHostile, fc.integer({ min: 50_000, max: 1_100_000 }))
  .map(([s, n]) => {
    const unit = s === '' ? '<!channel>&' : s;
    return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  });

/** A medium string (2 KB to 50 KB): over every per-field limit, cheap enough for thousands of runs. */
export const mediumHostile = fc.tuple(smallHostile, fc.integer({ min: 2_000, max: 50_000 })).map(([s, n]) => {
  const unit = s === '' ? '<!here>&' : s;
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
});

/** Mostly short hostile strings, sometimes over the limits. 1 MB strings have their own property. */
export const hostile = fc.oneof(
  { weight: 300, arbitrary: smallHostile },
  { weight: 1, arbitrary: mediumHostile },
);

/** About 1 MB of stack trace with hostile text in the frames. */
export const bigStack = fc
  .tuple(smallHostile, fc.integer({ min: 15_000, max: 25_000 }))
  .map(([s, n]) => `Error: big\n${`    at handler ${s.slice(0, 8)} (/srv/app/src/x.ts:12:3)\n`.repeat(n)}`);

const stack = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .array(hostile, { maxLength: 5 })
      .map((lines) => `Error: x\n${lines.map((l) => `    at ${l} (/a/b.ts:1:2)`).join('\n')}`),
  },
  { weight: 1, arbitrary: bigStack },
);

const errorLike = fc
  .record(
    {
      name: hostile,
      message: hostile,
      stack,
      code: hostile,
      causes: fc.array(fc.tuple(hostile, hostile), { maxLength: 7 }),
      aggregate: fc.array(hostile, { maxLength: 8 }),
    },
    { requiredKeys: ['name', 'message'] },
  )
  .map(({ name, message, stack, code, causes, aggregate }) => {
    const error: Error & { code?: string } =
      aggregate !== undefined
        ? new AggregateError(
            aggregate.map((m) => new Error(m)),
            message,
          )
        : new Error(message);
    error.name = name;
    if (stack !== undefined) error.stack = stack;
    if (code !== undefined) error.code = code;
    let tail: Error = error;
    for (const [n, m] of causes ?? []) {
      const cause = new Error(m);
      cause.name = n;
      tail.cause = cause;
      tail = cause;
    }
    return error;
  });

/** Anything that can be thrown: errors, snapshots of errors, strings, arbitrary values. */
export const thrown = fc.oneof(
  { weight: 6, arbitrary: errorLike },
  { weight: 1, arbitrary: errorLike.map((e) => ({ name: e.name, message: e.message, stack: e.stack })) },
  { weight: 1, arbitrary: hostile },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 5 }) },
);

export const mention: fc.Arbitrary<Mention | Mention[]> = fc.oneof(
  fc.constantFrom<Mention>('channel', 'here'),
  fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/).map((user) => ({ user })),
  fc.array(
    fc.oneof(
      fc.constantFrom<Mention>('channel', 'here'),
      fc.stringMatching(/^S[A-Z0-9]{2,10}$/).map((group) => ({ group })),
      fc.stringMatching(/^U[A-Z0-9]{2,10}$/).map((user) => ({ user })),
    ),
    { maxLength: 4 },
  ),
);

const nonEmpty = hostile.map((s) => (s === '' ? '<!here>' : s));

export const deployment: fc.Arbitrary<DeploymentInfo> = fc.record(
  {
    service: nonEmpty,
    version: nonEmpty,
    environment: nonEmpty,
    status: fc.constantFrom('started', 'succeeded', 'failed', 'rolled_back'),
    url: fc.oneof(
      hostile,
      fc.webUrl(),
      fc.constantFrom('https://x.test/a|<!channel>', 'https://x.test/?a=1&b=<@U1>', 'javascript:alert(1)'),
    ),
    by: hostile,
    durationMs: fc.nat({ max: 1e9 }),
  },
  { requiredKeys: ['service', 'version', 'environment', 'status'] },
);

/** Usually a few items; now and then many (past Slack's counts: 10 fields, 50 blocks, 20 attachments). */
function some<T>(item: fc.Arbitrary<T>, manyMin: number, manyMax: number): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(item, { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(item, { minLength: manyMin, maxLength: manyMax, size: 'max' }) },
  );
}

/** Caller-made blocks and attachments: their escaping is the caller's, so no `< > &`; sizes are hostile. */
const callerText = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.string({ unit: fc.constantFrom(...'ab c*_~`\n\uD800\uDC00😀'.split('')), maxLength: 60 }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => `\`\`\`${'y'.repeat(n)}`) },
);
const textObject = fc.record({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: callerText });
const callerBlock = fc.oneof(
  fc.record({ type: fc.constant('section'), text: textObject }),
  fc.record({ type: fc.constant('section'), fields: some(textObject, 9, 14) }),
  fc.record({
    type: fc.constant('header'),
    text: fc.record({ type: fc.constant('plain_text'), text: callerText }),
  }),
  fc.record({ type: fc.constant('context'), elements: some(textObject, 9, 14) }),
  fc.constant({ type: 'divider' }),
);
const callerAttachment = fc.record(
  {
    text: callerText,
    title: callerText,
    pretext: callerText,
    color: fc.constantFrom('good', '#123456'),
    fields: some(fc.record({ title: callerText, value: callerText, short: fc.boolean() }), 18, 25),
  },
  { requiredKeys: [] },
);

export const notification: fc.Arbitrary<Notification> = fc.record(
  {
    text: hostile,
    title: hostile,
    priority: fc.constantFrom('high', 'normal', 'low'),
    fields: fc.oneof(
      fc.dictionary(hostile, fc.oneof(hostile, fc.anything({ maxDepth: 2, maxKeys: 5 })), { maxKeys: 6 }),
      fc.array(fc.record({ title: hostile, value: hostile, short: fc.boolean() }), { maxLength: 6 }),
      some(fc.record({ title: hostile, value: hostile, short: fc.boolean() }), 11, 25),
    ),
    context: fc.oneof(
      fc.dictionary(hostile, fc.oneof(hostile, fc.anything({ maxDepth: 2, maxKeys: 5 })), { maxKeys: 6 }),
      fc.dictionary(hostile, hostile, { minKeys: 11, maxKeys: 14, size: 'max' }),
    ),
    error: thrown,
    deployment,
    color: fc.constantFrom('good', 'warning', 'danger', '#ff0000'),
    mention,
    blocks: some(callerBlock, 45, 60),
    attachments: some(callerAttachment, 18, 30),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Notification>;
