/** Percentiles of timings, shared by the benchmark scripts (prints nothing itself). */

/** The value at fraction `p` (0–1) of the sorted times, nearest rank. */
export function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
