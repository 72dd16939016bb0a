import { useLive } from '../lib/ui/use-live';
import { heatmapOf, recentWeeks } from '../lib/views/omni';
import { channelName } from '../lib/report/weekly-html';
import type { EngagementSegment } from '../lib/value/types';
import type { EarshotDatabase } from '../lib/db/database';
import { SegmentBadge, segmentKey } from './Segment';
import { useText } from './text';
import { WeekGrid } from './WeekGrid';

const WEEKS = 12;

/** Segment × channel × week: how many people of each segment were active on each channel each week. */
export function ChannelHeatmap({ db }: { db: EarshotDatabase }) {
  const text = useText();
  const weeks = recentWeeks(Date.now(), WEEKS);
  const map = useLive(() => heatmapOf(db, weeks), []);
  const m = map.value;
  return (
    <>
      <h2>{text.t('omni.heatmapTitle')}</h2>
      {!m ? (
        <p class="muted">{text.t('common.loading')}</p>
      ) : m.rows.length === 0 ? (
        <p class="muted">{text.t('omni.heatmapEmpty', WEEKS)}</p>
      ) : (
        <WeekGrid
          caption={text.t('omni.heatmapCaption', weeks[0]!, weeks.at(-1)!)}
          weeks={m.weeks}
          rows={m.rows.map((r) => {
            const segment = r.segment as EngagementSegment;
            const channel = channelName(text, r.channel);
            return {
              key: `${r.segment}|${r.channel}`,
              label: (
                <>
                  <SegmentBadge segment={segment} /> <span class="muted">{channel}</span>
                </>
              ),
              name: `${text.t(segmentKey(segment))}, ${channel}`,
              values: r.people,
            };
          })}
        />
      )}
    </>
  );
}
