/**
 * Time in stage per manager against the team (PRODUCT.md: "a seller whose stage times differ
 * sharply from the team's is painting a picture"), and the maturity cut-off measured from won deals.
 */
const DAY_SECONDS = 86_400;

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont; null for no values. */
export function computePercentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export const computeMedian = (values: readonly number[]): number | null => computePercentile(values, 0.5);

/** Fewer visits than this say nothing about a person's habits. */
const OUTLIER_MIN_VISITS = 3;
/** "Sharply": twice the team's median, or half of it. */
const OUTLIER_FACTOR = 2;

export function isStageTimeOutlier(managerMedian: number | null, visits: number, teamMedian: number | null): boolean {
  if (managerMedian === null || teamMedian === null || teamMedian <= 0 || visits < OUTLIER_MIN_VISITS) return false;
  return managerMedian >= teamMedian * OUTLIER_FACTOR || managerMedian <= teamMedian / OUTLIER_FACTOR;
}

export interface MaturityCutoff { days: number; basis: 'override' | 'p80_time_to_win' | 'fallback'; wonDeals: number }

/** Below this many won deals the percentile is noise: the fallback is used. */
const MATURITY_MIN_WON = 5;
export const MATURITY_FALLBACK_DAYS = 90;
const MATURITY_PERCENTILE = 0.8;

/**
 * The pipeline's typical time to win — the 80th percentile of (closed − created) over its won
 * deals, rounded up to whole days — unless overridden.
 */
export function deriveMaturityCutoff(secondsToWin: readonly number[], override: number | null): MaturityCutoff {
  const p80 = computePercentile(secondsToWin.map((s) => Math.max(0, s)), MATURITY_PERCENTILE);
  return deriveCutoffFromPercentile(p80, secondsToWin.length, override);
}

/** The same rule from a percentile already measured (the service asks SQL's percentile_cont for it). */
export function deriveCutoffFromPercentile(p80Seconds: number | null, wonDeals: number, override: number | null): MaturityCutoff {
  if (override !== null) return { days: override, basis: 'override', wonDeals };
  if (p80Seconds === null || wonDeals < MATURITY_MIN_WON) return { days: MATURITY_FALLBACK_DAYS, basis: 'fallback', wonDeals };
  return { days: Math.max(1, Math.ceil(p80Seconds / DAY_SECONDS)), basis: 'p80_time_to_win', wonDeals };
}
