import type { DeliveryOutcome, NotifyReceipt } from '../types.js';

const ACCEPTED = Promise.resolve(true);
const REFUSED = Promise.resolve(false);

/**
 * A `NotifyReceipt` whose promises are created only when someone reads them: `notify()` is called far more
 * often than its outcome is awaited, and an unobserved promise would cost an allocation per call. The
 * promises only ever resolve, so they can never become unhandled rejections.
 */
export class Receipt implements NotifyReceipt {
  readonly id: string;
  #accepted: boolean | undefined;
  #acceptedPromise: Promise<boolean> | undefined;
  #resolveAccepted: ((value: boolean) => void) | undefined;
  #outcome: DeliveryOutcome | undefined;
  #deliveredPromise: Promise<DeliveryOutcome> | undefined;
  #resolveDelivered: ((value: DeliveryOutcome) => void) | undefined;

  constructor(id: string) {
    this.id = id;
  }

  get accepted(): Promise<boolean> {
    if (this.#acceptedPromise === undefined) {
      if (this.#accepted !== undefined) return this.#accepted ? ACCEPTED : REFUSED;
      this.#acceptedPromise = new Promise((resolve) => {
        this.#resolveAccepted = resolve;
      });
    }
    return this.#acceptedPromise;
  }

  get delivered(): Promise<DeliveryOutcome> {
    if (this.#deliveredPromise === undefined) {
      this.#deliveredPromise =
        this.#outcome !== undefined
          ? Promise.resolve(this.#outcome)
          : new Promise((resolve) => {
              this.#resolveDelivered = resolve;
            });
    }
    return this.#deliveredPromise;
  }

  /** Whether someone has asked for `delivered` (and so may want a permalink). */
  get observed(): boolean {
    return this.#deliveredPromise !== undefined;
  }

  /** The final outcome, once settled. */
  get outcome(): DeliveryOutcome | undefined {
    return this.#outcome;
  }

  setAccepted(value: boolean): void {
    if (this.#accepted !== undefined) return;
    this.#accepted = value;
    this.#resolveAccepted?.(value);
  }

  settle(outcome: DeliveryOutcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    if (this.#accepted === undefined) this.setAccepted(outcome.status !== 'dropped');
    this.#resolveDelivered?.(outcome);
  }
}
