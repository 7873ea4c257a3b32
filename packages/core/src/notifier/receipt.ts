import type { DeliveryOutcome, NotifyReceipt } from '../types.js';

const ACCEPTED = Promise.resolve(true);
const REFUSED = Promise.resolve(false);

/** The promises of a receipt someone looked at, and how to resolve them. */
interface Observed {
  accepted?: Promise<boolean>;
  resolveAccepted?: (value: boolean) => void;
  delivered?: Promise<DeliveryOutcome>;
  resolveDelivered?: (value: DeliveryOutcome) => void;
}

/**
 * A `NotifyReceipt` whose promises are created only when someone reads them: `notify()` is called far more
 * often than its outcome is awaited, and an unobserved promise would cost allocations per call (three small
 * fields is all an unobserved receipt holds). The promises only ever resolve, so they can never become
 * unhandled rejections.
 */
export class Receipt implements NotifyReceipt {
  readonly id: string;
  #accepted: boolean | undefined;
  #outcome: DeliveryOutcome | undefined;
  #observed: Observed | undefined;

  constructor(id: string) {
    this.id = id;
  }

  get accepted(): Promise<boolean> {
    if (this.#accepted !== undefined) return this.#accepted ? ACCEPTED : REFUSED;
    this.#observed ??= {};
    const observed = this.#observed;
    observed.accepted ??= new Promise((resolve) => {
      observed.resolveAccepted = resolve;
    });
    return observed.accepted;
  }

  get delivered(): Promise<DeliveryOutcome> {
    this.#observed ??= {};
    const observed = this.#observed;
    observed.delivered ??=
      this.#outcome !== undefined
        ? Promise.resolve(this.#outcome)
        : new Promise((resolve) => {
            observed.resolveDelivered = resolve;
          });
    return observed.delivered;
  }

  /** Whether someone has asked for `delivered` (and so may want a permalink). */
  get observed(): boolean {
    return this.#observed?.delivered !== undefined;
  }

  /** The final outcome, once settled. */
  get outcome(): DeliveryOutcome | undefined {
    return this.#outcome;
  }

  setAccepted(value: boolean): void {
    if (this.#accepted !== undefined) return;
    this.#accepted = value;
    this.#observed?.resolveAccepted?.(value);
  }

  settle(outcome: DeliveryOutcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    if (this.#accepted === undefined) this.setAccepted(outcome.status !== 'dropped');
    this.#observed?.resolveDelivered?.(outcome);
  }
}
