/**
 * `@backend-notifier/cli`: the `backend-notifier` command (doctor, send, manifest, emulator), and the
 * pieces behind it for programs that want the same checks.
 */
export {
  buildManifest,
  checkDisplayName,
  checkManifestOptions,
  MAX_APP_NAME_LENGTH,
  MAX_BOT_NAME_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  type ManifestOptions,
  manifestScopes,
  type NameProblem,
} from './build-manifest.js';
export {
  DEFAULT_API_URL,
  DEFAULT_CHANNEL,
  DEFAULT_TOKEN_ENV,
  resolveSlackTarget,
  type SlackTarget,
} from './common-options.js';
export { type FeatureSelection, type ScopeNeed, scopeNeeds } from './feature-scopes.js';
export { type CliIo, EXIT, processIo } from './io.js';
export { runCli, USAGE } from './run-cli.js';
export { type DoctorCheck, type DoctorReport, runDoctor } from './run-doctor.js';
