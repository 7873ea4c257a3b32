import type { ReceiptWatch } from '../lifecycle/awaited-receipts.js';
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
 * unhandled rejections. A receipt whose `delivered` is read before it settles tells its `watch`, which keeps
 * the process alive for the wait (see `AwaitedReceipts`); the wait ends when it settles.
 */
export class Receipt implements NotifyReceipt {
  readonly id: string;
  #accepted: boolean | undefined;
  #outcome: DeliveryOutcome | undefined;
  #observed: Observed | undefined;
  readonly #watch: ReceiptWatch | undefined;

  constructor(id: string, watch?: ReceiptWatch) {
    this.id = id;
    this.#watch = watch;
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
    if (observed.delivered !== undefined) return observed.delivered;
    if (this.#outcome !== undefined) {
      observed.delivered = Promise.resolve(this.#outcome);
    } else {
      observed.delivered = new Promise((resolve) => {
        observed.resolveDelivered = resolve;
      });
      this.#watch?.observe();
    }
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
    const resolve = this.#observed?.resolveDelivered;
    if (resolve !== undefined) {
      resolve(outcome);
      this.#watch?.done();
    }
  }
}
