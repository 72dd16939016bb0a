import type { EngagementSegment } from '../lib/value';
import type { MessageKey } from '../lib/ui/text';
import { useText } from './text';

/**
 * Each segment has a colour (Okabe-Ito, safe for colour-blind readers) and a
 * shape, so the chart and the lists never rely on colour alone.
 */
export const SEGMENT_STYLE: Record<EngagementSegment, { colour: string; symbol: string }> = {
  champions: { colour: '#009E73', symbol: '●' },
  affluents: { colour: '#0072B2', symbol: '■' },
  advocates: { colour: '#CC79A7', symbol: '▲' },
  misers: { colour: '#8C8C8C', symbol: '◆' },
  'detractor-with-reach': { colour: '#D55E00', symbol: '✖' },
  'negative-value': { colour: '#E69F00', symbol: '▼' },
};

export function segmentKey(segment: EngagementSegment): MessageKey {
  return `segment.${segment.replaceAll('-', '_')}` as MessageKey;
}

/** A segment as a small label: its symbol in its colour, its name in the text colour (contrast stays AA). */
export function SegmentBadge({ segment }: { segment: EngagementSegment | null | undefined }) {
  const { t } = useText();
  if (!segment) return <span class="muted">{t('common.notComputed')}</span>;
  const style = SEGMENT_STYLE[segment];
  return (
    <span class="segment" title={t(segmentKey(segment))}>
      <span aria-hidden="true" style={{ color: style.colour }}>
        {style.symbol}
      </span>{' '}
      <span class="segment-name">{t(segmentKey(segment))}</span>
    </span>
  );
}
