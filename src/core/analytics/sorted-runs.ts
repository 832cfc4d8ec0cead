/**
 * Percentiles over several ascending runs of integers without merging them: the service keeps
 * each stage's visit durations per manager and 30-day bin as one sorted run
 * (src/service/analytics/stage-times.ts), and a period's median is read from a dozen runs per
 * manager (hundreds for the team) — sorting 600,000 values per request was the slow part.
 * Same answer as ./stage-times.ts computePercentile (PostgreSQL's percentile_cont).
 */

/** Index of the first element greater than `value` (runs ascend). */
function upperBound(run: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = run.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((run[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `rank`-th smallest (0-based) integer over the runs; `rank` must be below their total length. */
export function selectRankedValue(runs: readonly ArrayLike<number>[], rank: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs) {
    if (run.length === 0) continue;
    lo = Math.min(lo, run[0] as number);
    hi = Math.max(hi, run[run.length - 1] as number);
  }
  // The smallest integer v with more than `rank` values ≤ v.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    let atMost = 0;
    for (const run of runs) atMost += upperBound(run, mid);
    if (atMost > rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Linear interpolation between closest ranks, as percentile_cont; null when the runs are empty. */
export function computePercentileOfRuns(runs: readonly ArrayLike<number>[], fraction: number): number | null {
  const total = runs.reduce((n, run) => n + run.length, 0);
  if (total === 0) return null;
  const position = (total - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = selectRankedValue(runs, lower);
  const high = upper === lower ? low : selectRankedValue(runs, upper);
  return low + (high - low) * (position - lower);
}
