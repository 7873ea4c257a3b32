import type { HealthReport, Notifier } from '@backend-notifier/core';
import { Inject, Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { BACKEND_NOTIFIER } from './backend-notifier.constants.js';

/** terminus 12's session, whose `degraded` (HTTP 200, overall status `degraded`) terminus 11 lacks. */
interface DegradedSession<Key extends string> {
  degraded(data: Record<string, unknown>): HealthIndicatorResult<Key>;
}

/**
 * A `@nestjs/terminus` health indicator for the notifier: `up` when `health()` says `ok`, `degraded`
 * (HTTP 200, overall status `degraded`) when it says `degraded`, `down` (HTTP 503) when it says `down`
 * or the check itself fails. The checks of the report are attached by name, with their detail.
 * terminus 11 has no `degraded`: there a degraded notifier is `up` with `degraded: true` (HTTP 200).
 *
 * @example
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.slack.isHealthy('slack')]); }
 * ```
 */
@Injectable()
export class SlackHealthIndicator {
  readonly #notifier: Notifier;
  readonly #indicators: HealthIndicatorService;

  constructor(
    @Inject(BACKEND_NOTIFIER) notifier: Notifier,
    @Inject(HealthIndicatorService) indicators: HealthIndicatorService,
  ) {
    this.#notifier = notifier;
    this.#indicators = indicators;
  }

  /**
   * The notifier's health under `key`.
   * @param key the key of the result in terminus' report. @default 'slack'
   */
  async isHealthy<const Key extends string = 'slack'>(
    key: Key = 'slack' as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.#indicators.check(key);
    let report: HealthReport;
    try {
      report = await this.#notifier.health();
    } catch {
      // The reason is not echoed: health output must never carry internals (or a token).
      return session.down({ message: 'health check failed' });
    }
    const checks = Object.fromEntries(
      report.checks.map((c) => [c.name, c.detail === undefined ? c.status : `${c.status}: ${c.detail}`]),
    );
    if (report.status === 'ok') return session.up({ checks });
    if (report.status === 'degraded') {
      const { degraded } = session as Partial<DegradedSession<Key>>;
      // terminus 11 knows only up and down (and leaves any other status out of its report): still serving.
      if (typeof degraded !== 'function') return session.up({ degraded: true, checks });
      return degraded.call(session, { checks });
    }
    return session.down({ checks });
  }
}
