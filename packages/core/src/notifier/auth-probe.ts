import type { CircuitBreaker } from '../retry/circuit-breaker.js';
import type { AuthInfo, SlackGateway } from '../slack/gateway-types.js';
import type { Clock } from '../types.js';
import type { GuardedLogger } from './guarded-logger.js';

/** What the probe needs. */
export interface AuthProbeDeps {
  circuit: CircuitBreaker;
  clock: Clock;
  gateway: SlackGateway;
  logger: GuardedLogger;
  /** The probe succeeded and the circuit is closed again; `auth` is what `auth.test` said. */
  onRestored(auth: AuthInfo): void;
}

/**
 * While the auth circuit is open, the only Slack traffic is this probe: one `auth.test` per cooldown
 * (a timer, unref'd by the clock). Success closes the circuit; failure opens it for another cooldown.
 */
export class AuthProbe {
  readonly #deps: AuthProbeDeps;
  #timer: unknown;
  #running = false;
  #stopped = false;

  constructor(deps: AuthProbeDeps) {
    this.#deps = deps;
  }

  /** Make sure a probe is due (idempotent). */
  schedule(): void {
    if (this.#timer !== undefined || this.#running || this.#stopped) return;
    const { circuit, clock } = this.#deps;
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#probe();
    }, circuit.probeDueIn(clock.now()));
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #probe(): Promise<void> {
    const { circuit, clock, gateway, logger } = this.#deps;
    if (this.#stopped) return;
    if (!circuit.tryProbe(clock.now())) return this.schedule();
    this.#running = true;
    const res = await gateway.authTest();
    this.#running = false;
    if (res.ok) {
      circuit.success();
      logger.log('info', 'Slack accepts the token again: circuit closed', {});
      this.#deps.onRestored(res.value);
      return;
    }
    if (res.failure.kind === 'token_expired') gateway.refreshToken();
    circuit.failure(res.failure.code, clock.now());
    this.schedule();
  }
}
