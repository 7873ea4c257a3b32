import { parseArgs } from 'node:util';
import {
  buildManifest,
  checkManifestOptions,
  MAX_APP_NAME_LENGTH,
  MAX_BOT_NAME_LENGTH,
  type ManifestOptions,
} from './build-manifest.js';
import { type CliIo, EXIT } from './io.js';

/** Help of `backend-notifier manifest`. */
export const MANIFEST_USAGE = `Usage: backend-notifier manifest [options] > manifest.yml

Prints the Slack app manifest (YAML) with every bot scope the features in use need. Create the app at
https://api.slack.com/apps → "Create New App" → "From a manifest", paste it, install it, then copy the
"Bot User OAuth Token" (xoxb-…) into SLACK_BOT_TOKEN.

Options:
  --name NAME        app name (1-${MAX_APP_NAME_LENGTH} characters, no & < >)      default: Backend Notifier
  --bot-name NAME    the bot's display name (1-${MAX_BOT_NAME_LENGTH} characters)   default: the app name
  --description TEXT short description (at most 140 characters)
  --private          the channel is private (groups:* scopes instead of channels:*)
  --no-history       no duplicate recovery after timeouts (drops the *:history scope)
  --post-without-join  post with chat:write.public instead of joining the channel
  --interactivity socket|http  buttons on messages: Socket Mode (then create an app-level token
                     with connections:write and set SLACK_APP_TOKEN) or HTTP (needs --request-url)
  --request-url URL  the interactivity Request URL, e.g. https://api.example.com/slack/interactions
  --user-groups      user groups may act on the buttons (adds usergroups:read)
  --all              every scope of every feature (public and private channels)
  -h, --help         show this help`;

/** `backend-notifier manifest`. */
export async function manifestCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      'bot-name': { type: 'string' },
      description: { type: 'string' },
      private: { type: 'boolean' },
      'no-history': { type: 'boolean' },
      'post-without-join': { type: 'boolean' },
      all: { type: 'boolean' },
      interactivity: { type: 'string' },
      'request-url': { type: 'string' },
      'user-groups': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout(`${MANIFEST_USAGE}\n`);
    return EXIT.ok;
  }
  const options: ManifestOptions = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values['bot-name'] !== undefined ? { botName: values['bot-name'] } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
    isPrivate: values.private ?? false,
    history: !values['no-history'],
    postWithoutJoin: values['post-without-join'] ?? false,
    all: values.all ?? false,
    ...(values['request-url'] !== undefined ? { requestUrl: values['request-url'] } : {}),
    ...(values['user-groups'] ? { userGroups: true } : {}),
  };
  if (values.interactivity !== undefined) {
    if (values.interactivity !== 'socket' && values.interactivity !== 'http') {
      io.stderr(
        `manifest: --interactivity must be socket or http, not ${JSON.stringify(values.interactivity)}.\n`,
      );
      return EXIT.usage;
    }
    options.interactivity = values.interactivity;
  }
  const problems = checkManifestOptions(options);
  if (problems.length > 0) {
    for (const p of problems) {
      io.stderr(`manifest: the ${p.field} is not usable: ${p.problem}.\n`);
      if (p.suggestion) io.stderr(`  suggestion: ${JSON.stringify(p.suggestion)}\n`);
    }
    return EXIT.usage;
  }
  io.stdout(buildManifest(options));
  return EXIT.ok;
}
