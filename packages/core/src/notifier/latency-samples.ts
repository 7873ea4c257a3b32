const LATENCY_SAMPLES = 1024;

/**
 * Delivery latencies: the last 1024 samples in a ring (enough for p99 without unbounded memory) and the
 * maximum ever seen.
 */
export class LatencySamples {
  readonly #samples = new Float64Array(LATENCY_SAMPLES);
  #count = 0;
  #max = 0;

  record(ms: number): void {
    this.#samples[this.#count % LATENCY_SAMPLES] = ms;
    this.#count++;
    if (ms > this.#max) this.#max = ms;
  }

  summary(): { p50: number; p99: number; max: number } {
    const n = Math.min(this.#count, LATENCY_SAMPLES);
    const sorted = Array.from(this.#samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0));
    return { p50: at(0.5), p99: at(0.99), max: this.#max };
  }
}
