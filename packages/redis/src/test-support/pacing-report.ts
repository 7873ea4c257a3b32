/** What a channel's request timestamps (server side, epoch ms) say about its pacing. */
export interface PacingReport {
  count: number;
  first: number;
  last: number;
  /** last − first. */
  spanMs: number;
  minGapMs: number;
  /** Smallest gap between the last request before and the first after a whole second (fixed-window edge). */
  minGapAcrossSecondEdgesMs: number;
  /**
   * Most requests in any half-open window [t, t + k × windowUnitMs) that starts at a request, for k = 1…10
   * (index k − 1). With burst 1, pacing at the rate allows at most k.
   */
  maxInWindows: number[];
}

/** Computes a `PacingReport` from timestamps (sorted here); `windowUnitMs` is the unit of `maxInWindows`. */
export function pacingReport(timestamps: number[], windowUnitMs: number): PacingReport {
  const at = [...timestamps].sort((a, b) => a - b);
  let minGap = Number.POSITIVE_INFINITY;
  let minEdgeGap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < at.length; i++) {
    const [prev, cur] = [at[i - 1] as number, at[i] as number];
    minGap = Math.min(minGap, cur - prev);
    if (Math.floor(prev / 1000) !== Math.floor(cur / 1000)) minEdgeGap = Math.min(minEdgeGap, cur - prev);
  }
  const maxInWindows: number[] = [];
  for (let k = 1; k <= 10; k++) {
    let most = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (j < at.length && (at[j] as number) < (at[i] as number) + k * windowUnitMs) j++;
      most = Math.max(most, j - i);
    }
    maxInWindows.push(most);
  }
  const first = at[0] ?? 0;
  const last = at.at(-1) ?? 0;
  return {
    count: at.length,
    first,
    last,
    spanMs: last - first,
    minGapMs: minGap,
    minGapAcrossSecondEdgesMs: minEdgeGap,
    maxInWindows,
  };
}
