import { cellKey, cellTotal } from '../lib/omni/timeline';
import { useLive } from '../lib/ui/use-live';
import { personTimeline } from '../lib/views/omni';
import { channelName } from '../lib/report/weekly-html';
import type { EarshotDatabase } from '../lib/db/database';
import { useText } from './text';
import { WeekGrid } from './WeekGrid';

/** How many weeks the person view shows. */
const WEEKS = 12;

/** A person's channels week by week: where they wrote and bought, in the twelve ISO weeks up to their latest activity. */
export function ChannelTimeline({ db, personRef }: { db: EarshotDatabase; personRef: string }) {
  const text = useText();
  const timeline = useLive(() => personTimeline(db, personRef, WEEKS, Date.now()), [personRef]);
  const tl = timeline.value;
  if (!tl) return <p class="muted">{text.t('common.loading')}</p>;
  if (tl.channels.length === 0) return <p class="muted">{text.t('omni.timelineEmpty', WEEKS)}</p>;
  return (
    <WeekGrid
      caption={text.t('omni.timelineCaption', tl.weeks[0]!, tl.weeks.at(-1)!)}
      weeks={tl.weeks}
      rows={tl.channels.map((c) => {
        const name = channelName(text, c);
        return { key: c, label: name, name, values: tl.weeks.map((w) => cellTotal(tl.cells.get(cellKey(c, w)))) };
      })}
    />
  );
}
