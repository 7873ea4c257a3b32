import { parseArgs } from 'node:util';
import { resolveSlackTarget, SLACK_OPTIONS, SLACK_OPTIONS_HELP } from './common-options.js';
import { type CliIo, EXIT } from './io.js';
import { type DoctorReport, runDoctor } from './run-doctor.js';

/** Help of `backend-notifier doctor`. */
export const DOCTOR_USAGE = `Usage: backend-notifier doctor [options]

Checks everything the notifier needs and prints one screen: each check ✓ or ✗, what is wrong and the
exact fix. Exit code 0 when nothing failed (warnings allowed), 1 otherwise. The token is never printed.

Checks: the token (present, a bot token), auth.test, the granted scopes against the features in use,
the channel (exists, not archived, the bot a member).

Options:
${SLACK_OPTIONS_HELP}
  --private          the channel is private (checks groups:* scopes)
  --no-history       duplicate recovery off (history scopes not needed)
  --post-without-join  post with chat:write.public instead of joining`;

const MARK: Readonly<Record<DoctorReport['checks'][number]['status'], string>> = {
  ok: '✓',
  warn: '!',
  fail: '✗',
  skip: '-',
};

/** The doctor's screen. */
export function renderDoctorReport(report: DoctorReport, header: string): string {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const lines = [header, ''];
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status]} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix && check.status !== 'ok' && check.status !== 'skip') {
      lines.push(`  ${' '.repeat(width + 2)}  fix: ${check.fix}`);
    }
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  lines.push('');
  if (failed > 0) lines.push(`${failed} problem${failed === 1 ? '' : 's'} found.`);
  else lines.push(`All checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`);
  return `${lines.join('\n')}\n`;
}

/** `backend-notifier doctor`. */
export async function doctorCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...SLACK_OPTIONS,
      private: { type: 'boolean' },
      'no-history': { type: 'boolean' },
      'post-without-join': { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return EXIT.ok;
  }
  const target = resolveSlackTarget(values, io);
  const isPrivate = values.private ?? false;
  const report = await runDoctor(target, {
    isPrivate,
    history: !values['no-history'],
    postWithoutJoin: values['post-without-join'] ?? false,
  });
  const header = `backend-notifier doctor: ${target.apiUrl}, channel #${target.channel} (${isPrivate ? 'private' : 'public'})`;
  io.stdout(renderDoctorReport(report, header));
  return report.ok ? EXIT.ok : EXIT.problem;
}
