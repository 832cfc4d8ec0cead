/**
 * Funnel bars in hand-written SVG (a chart library would cost more than the whole view): one bar
 * per stage, its length the deals that entered, split into moved on / lost here / the rest.
 */
import { useUi } from '../../ui/context';
import type { FunnelResponse } from './api';
import { formatNumber } from './format';

const LABEL = 170;
const BAR = 330;
const ROW = 30;
const WIDTH = LABEL + BAR + 110;

export function FunnelBars({ stages }: { stages: FunnelResponse['stages'] }) {
  const { t, dates } = useUi();
  const max = Math.max(1, ...stages.map((s) => s.entered));
  const height = stages.length * ROW + 4;
  const width = (n: number) => (n / max) * BAR;
  return (
    <figure style={{ margin: 0 }}>
      <svg class="fr-an-funnel" width="100%" viewBox={`0 0 ${WIDTH} ${height}`} style={{ maxWidth: `${WIDTH}px` }} role="img"
        aria-label={t('analytics.funnel.title')} data-fr-an-funnel-bars="">
        {stages.map((stage, i) => {
          const y = i * ROW + 4;
          const progressed = width(stage.progressed);
          const lost = width(Math.min(stage.lost, stage.entered - stage.progressed));
          const rest = Math.max(0, width(stage.entered) - progressed - lost);
          const name = stage.name.length > 26 ? `${stage.name.slice(0, 25)}…` : stage.name;
          return (
            <g key={stage.statusId} data-fr-an-bar={stage.statusId}>
              <title>{`${stage.name}: ${stage.entered} / ${stage.progressed} / ${stage.lost}`}</title>
              <text x={LABEL - 8} y={y + 15} text-anchor="end">{name}</text>
              <rect x={LABEL} y={y} width={Math.max(progressed, 0)} height={20} rx={2} fill="#1d3f8f" />
              <rect x={LABEL + progressed} y={y} width={lost} height={20} fill="#e0443a" />
              <rect x={LABEL + progressed + lost} y={y} width={rest} height={20} fill="#c9d3e6" />
              <text x={LABEL + width(stage.entered) + 6} y={y + 15}>
                {`${formatNumber('int', stage.entered, dates.language)} · ${stage.progressRate === null ? '—' : formatNumber('percent', stage.progressRate, dates.language)}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="fr-an-legend">
        <span><i style={{ background: '#1d3f8f' }} />{t('analytics.funnel.legendProgressed')}</span>
        <span><i style={{ background: '#e0443a' }} />{t('analytics.funnel.legendLost')}</span>
        <span><i style={{ background: '#c9d3e6' }} />{t('analytics.funnel.legendStayed')}</span>
      </figcaption>
    </figure>
  );
}
