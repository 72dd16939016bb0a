import type { EngagementSegment } from '../lib/value';
import type { MessageKey } from '../lib/ui/text';
import { useText } from './text';
import { SEGMENT_STYLE } from '../lib/views/quadrant-geometry';

export { SEGMENT_STYLE };

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
