/**
 * The Hungarian method (Kuhn 1955, Munkres 1957) in its O(n³) form with
 * potentials: the pairing of rows and columns with the least total cost.
 * Personas use it to pair last run's persona centres (rows) with this run's
 * clusters (columns). A rectangular matrix is padded with zero-cost dummy
 * rows or columns; a pair with a dummy is no pair.
 */

/** For each row, the column it is paired with, or -1 (more rows than columns). */
export function assignMinimumCost(cost: readonly (readonly number[])[]): number[] {
  const rows = cost.length;
  const cols = rows > 0 ? cost[0]!.length : 0;
  const n = Math.max(rows, cols);
  if (n === 0) return [];
  const c = (i: number, j: number) => (i < rows && j < cols ? cost[i]![j]! : 0);
  // 1-based arrays as in the textbook form: u, v potentials; p[j] the row paired with column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = c(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) {
    const i = p[j]! - 1;
    if (i < rows && j - 1 < cols) pairs[i] = j - 1;
  }
  return pairs;
}
