/** Milliseconds and probabilities as reported: to two and four decimals. */
export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function round4(p: number): number {
  return Math.round(p * 10_000) / 10_000;
}
