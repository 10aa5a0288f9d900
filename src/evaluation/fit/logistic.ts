/**
 * Logistic regression with an L2 penalty, fitted by Newton's method on standardized features: deterministic, so
 * that the same data always give the same weights.
 */

export interface Standardization {
  means: number[];
  scales: number[];
}

export interface Logistic extends Standardization {
  weights: number[];
  bias: number;
}

export function standardization(rows: readonly number[][]): Standardization {
  const width = rows[0]?.length ?? 0;
  const means = Array.from({ length: width }, (_, j) => rows.reduce((sum, r) => sum + (r[j] ?? 0), 0) / Math.max(1, rows.length));
  const scales = means.map((mean, j) => {
    const variance = rows.reduce((sum, r) => sum + ((r[j] ?? 0) - mean) ** 2, 0) / Math.max(1, rows.length);
    // A feature that never varies is weighed at zero; its scale is left at 1.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { means, scales };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function predict(model: Logistic, row: readonly number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += ((model.weights[j] ?? 0) * ((row[j] ?? 0) - (model.means[j] ?? 0))) / (model.scales[j] ?? 1);
  return sigmoid(z);
}

/** Solves `a x = b` by Gaussian elimination with partial pivoting; `a` is small (one row per feature). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = m[col]?.[col] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = (m[r]?.[col] ?? 0) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) (m[r] as number[])[c] = (m[r]?.[c] ?? 0) - f * (m[col]?.[c] ?? 0);
    }
  }
  return m.map((row, i) => (Math.abs(row[i] ?? 0) < 1e-12 ? 0 : (row[n] ?? 0) / (row[i] ?? 1)));
}

const MAX_ITERATIONS = 50;
const TOLERANCE = 1e-9;

/**
 * Fits weights minimising the mean log loss, each row weighed by `rowWeights` (1 by default), plus `l2` times half the
 * squared weights (the bias is not penalised).
 */
export function fitLogistic(rows: readonly number[][], labels: readonly number[], l2: number, rowWeights?: readonly number[]): Logistic {
  const { means, scales } = standardization(rows);
  const x = rows.map((r) => [1, ...r.map((v, j) => (v - (means[j] ?? 0)) / (scales[j] ?? 1))]);
  const n = rowWeights ? rowWeights.reduce((a, b) => a + b, 0) : x.length;
  const d = (x[0]?.length ?? 1);
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((xi, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += (beta[j] ?? 0) * (xi[j] ?? 0);
      const p = sigmoid(z);
      const rw = rowWeights?.[i] ?? 1;
      const w = rw * Math.max(p * (1 - p), 1e-10);
      const residual = rw * (p - (labels[i] ?? 0));
      for (let j = 0; j < d; j++) {
        gradient[j] = (gradient[j] ?? 0) + (residual * (xi[j] ?? 0)) / n;
        const row = hessian[j] as number[];
        for (let k = 0; k < d; k++) row[k] = (row[k] ?? 0) + (w * (xi[j] ?? 0) * (xi[k] ?? 0)) / n;
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j] = (gradient[j] ?? 0) + l2 * (beta[j] ?? 0);
      (hessian[j] as number[])[j] = (hessian[j]?.[j] ?? 0) + l2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < TOLERANCE) break;
  }
  return { means, scales, bias: beta[0] ?? 0, weights: beta.slice(1) };
}
