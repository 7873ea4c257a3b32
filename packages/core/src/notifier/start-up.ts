import { NotifierError } from '../errors.js';
import { checkToken } from '../slack/check-token.js';
import type { AuthInfo, SlackGateway } from '../slack/gateway-types.js';
import { featuresFor } from '../slack/required-scopes.js';
import type { Clock, Logger } from '../types.js';
import type { Dispatcher } from './dispatcher.js';
import type { GuardedLogger } from './guarded-logger.js';

/** What {@link StartUp} works with. */
export interface StartUpDeps {
  gateway: SlackGateway;
  dispatcher: Dispatcher;
  clock: Clock;
  /** The logger the Slack layer warns through (optional scopes, a missing scope header). */
  sdkLogger: Logger;
  logger: GuardedLogger;
  recoverAmbiguous: boolean;
  /** Longest `start()` (0: no bound of its own). */
  startTimeoutMs: number;
  /** The run `autoStart` began logs its own failure. */
  autoStart: boolean;
}

/**
 * The start-time checks: the token (`auth.test`, scopes), then the channels' setup, then the dispatcher
 * runs. One run at a time (a failed run may be tried again). `start()` waits for it at most
 * `startTimeoutMs`: past that it rejects with `NotifierError('unreachable')` (`details.reason:
 * 'start_timeout'`) while the run goes on in the background, as it does when Slack is unreachable: messages
 * stay queued, and once Slack answers they are delivered (a periodic check retries the token).
 */
export class StartUp {
  /** What `auth.test` said, once it has. */
  auth: AuthInfo | undefined;
  /** The token may read channel history (history recovery of timed-out posts). */
  historyAllowed = true;
  /** The code start failed with, until a later check succeeds. */
  error: string | undefined;
  readonly #deps: StartUpDeps;
  #run: Promise<void> | undefined;
  #failed = false;
  /** The run whose late failure is logged (past its start() deadline, with nobody left to tell). */
  #watched: Promise<void> | undefined;
  /** close() began: a run it cuts off is not a start failure worth a line (close says what matters). */
  #closing = false;

  constructor(deps: StartUpDeps) {
    this.#deps = deps;
  }

  /** Whether a start has been asked for. */
  get begun(): boolean {
    return this.#run !== undefined;
  }

  /** Idempotent while it runs or once it succeeded; after a failure, calling it again tries again. */
  run(): Promise<void> {
    if (this.#run === undefined || this.#failed) {
      this.#failed = false;
      this.#run = this.#start().catch((error: unknown) => {
        this.#failed = true;
        throw error;
      });
    }
    return this.#run;
  }

  /** `autoStart`: `run()` in the background; a failure is logged (and shown by `health()`), never unhandled. */
  runInBackground(): void {
    this.run().catch((error: unknown) => this.#logFailure(error));
  }

  /** `run()`, waited for at most `startTimeoutMs`. */
  start(): Promise<void> {
    const run = this.run();
    const ms = this.#deps.startTimeoutMs;
    if (ms === 0) return run;
    const { clock } = this.#deps;
    return new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        this.#watchLate(run);
        reject(
          new NotifierError(
            'unreachable',
            `Slack did not complete the start checks within startTimeoutMs (${ms} ms); messages are kept and start goes on in the background.`,
            { details: { reason: 'start_timeout', timeoutMs: ms } },
          ),
        );
      }, ms);
      run.then(
        () => {
          clock.clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** close() began. */
  closing(): void {
    this.#closing = true;
  }

  /** The auth probe found the token good again: that stands in for a start that failed on it. */
  restored(auth: AuthInfo): void {
    this.error = undefined;
    this.auth ??= auth;
  }

  /** Periodic check: Slack was unreachable at start, so check the token again, quietly. */
  async retryToken(): Promise<void> {
    if (this.error === 'unreachable') await this.#checkToken().catch(() => undefined);
  }

  async #checkToken(): Promise<void> {
    const features = featuresFor({ historyRecovery: this.#deps.recoverAmbiguous });
    const check = await checkToken(this.#deps.gateway, { features, logger: this.#deps.sdkLogger });
    this.auth = check.auth;
    this.error = undefined;
    this.historyAllowed = !check.disabled.some((f) => f.startsWith('recover_by_history'));
  }

  async #start(): Promise<void> {
    const { dispatcher } = this.#deps;
    try {
      await this.#checkToken();
    } catch (error) {
      const code = error instanceof NotifierError ? error.code : 'unreachable';
      this.error = code;
      // A refused token opens the circuit: one probe per cooldown until Slack accepts it again. Config errors
      // (wrong token kind, missing scopes) need a human: nothing is sent, messages stay queued.
      if (code === 'auth_failed') {
        dispatcher.openCircuit(String((error as NotifierError).details.code ?? code));
        dispatcher.run();
      } else if (code === 'unreachable') dispatcher.run();
      throw error;
    }
    // Lanes already set up (a retried start) or busy setting themselves up are left alone.
    const lanes = [...dispatcher.lanes.values()].filter((lane) => lane.channelId === undefined && !lane.busy);
    const failures = await Promise.all(lanes.map((lane) => dispatcher.setUpExclusive(lane)));
    dispatcher.run();
    const failed = lanes.flatMap((lane, i) => (failures[i] ? [`#${lane.name} (${failures[i]?.code})`] : []));
    if (failed.length > 0) {
      throw new NotifierError(
        'channel_setup_failed',
        `Could not set up ${failed.join(', ')}; messages are kept and setup is retried.`,
        { details: { channels: failed } },
      );
    }
  }

  /**
   * start() gave up waiting on `run`: if it fails later, say so once (the `autoStart` run is logged by the
   * notifier already), since the caller was only told that Slack did not answer in time.
   */
  #watchLate(run: Promise<void>): void {
    if (this.#deps.autoStart || this.#watched === run) return;
    this.#watched = run;
    run.catch((error: unknown) => this.#logFailure(error));
  }

  #logFailure(error: unknown): void {
    if (this.#closing) return;
    const message = error instanceof Error ? error.message : String(error);
    this.#deps.logger.log('error', `notifier start failed: ${message}`, {
      code: (error as { code?: unknown }).code,
    });
  }
}
