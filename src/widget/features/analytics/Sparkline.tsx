/** A weekly trend in 72×20 px: a line over the weeks with data, the last week as a dot. */
export interface SparklineProps {
  points: ReadonlyArray<number | null>;
  label: string;
  width?: number;
  height?: number;
  /** Colour of the line; the last point goes red when `alert`. */
  alert?: boolean;
}

function sparkPath(points: ReadonlyArray<number | null>, width: number, height: number): { d: string; last: [number, number] | null } {
  const known = points.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (known.length === 0) return { d: '', last: null };
  const values = known.map(([, v]) => v);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = points.length > 1 ? (width - 4) / (points.length - 1) : 0;
  const xy = known.map(([i, v]) => [2 + i * step, max === min ? height / 2 : 2 + (height - 4) * (1 - (v - min) / span)] as [number, number]);
  const d = xy.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
  return { d, last: xy[xy.length - 1] ?? null };
}

export function Sparkline({ points, label, width = 72, height = 20, alert = false }: SparklineProps) {
  const { d, last } = sparkPath(points, width, height);
  return (
    <svg class="fr-an-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label} data-fr-an-spark="">
      <title>{label}</title>
      {d !== '' && <path d={d} fill="none" stroke="#1d3f8f" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" />}
      {last !== null && <circle cx={last[0]} cy={last[1]} r="2.5" fill={alert ? '#e0443a' : '#1d3f8f'} />}
    </svg>
  );
}
