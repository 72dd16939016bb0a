/**
 * The little linear algebra the fits need: symmetric positive definite
 * matrices of 3 or 4 rows (Hessians of log-likelihoods), as arrays of rows.
 */

export type Matrix = number[][];

/** The lower Cholesky factor L with A = L Lᵀ, or null when A is not positive definite. */
export function cholesky(a: Matrix): Matrix | null {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  return l;
}

/** Solve L Lᵀ x = b for a Cholesky factor L. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

/** The inverse of a positive definite matrix, or null when it is not positive definite. */
export function inversePositiveDefinite(a: Matrix): Matrix | null {
  const l = cholesky(a);
  if (!l) return null;
  const n = a.length;
  const columns = Array.from({ length: n }, (_, j) => choleskySolve(l, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  // Symmetric by construction up to rounding; average the halves so it is exactly symmetric.
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (columns[j]![i]! + columns[i]![j]!) / 2));
}
