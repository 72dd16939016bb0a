import { ValueModelCard } from '@/components/ValueModelCard';
import type { EarshotDatabase } from '@/lib/db/database';
import { valueRunInfo } from '@/lib/db/values';
import { useLive } from '@/lib/ui/use-live';

/** The value section's "Value model" card, kept up to date with the last value run. */
export function ValueModel({ db }: { db: EarshotDatabase }) {
  const run = useLive(() => valueRunInfo(db), []);
  return <ValueModelCard models={run.value?.models} />;
}
