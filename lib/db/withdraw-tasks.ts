/**
 * Queue the withdrawal of the tasks Earshot sent about customers who must not
 * be profiled any more (lib/crm/task-withdrawal.ts), for every connected CRM.
 * Called inside the transaction that drops their actions (lib/db/opt-out.ts),
 * so the actions' memory of what was sent (sentAt, the CRMs' task ids) is read
 * before it goes, and the two commit together.
 */
import type { Action } from '../model';
import type { EarshotDatabase } from './database';
import { actionCustomer } from '../crm/task-payload';
import { taskWithdrawal, withdrawalKey } from '../crm/task-withdrawal';
import { jobsOfPerson, newJob, nextSeq, pushConnections } from './outbox-queue';

/** Returns the number of withdrawal jobs queued. The caller's transaction must include syncJobs and connections. */
export async function enqueueTaskWithdrawals(db: EarshotDatabase, actions: readonly Action[], now: number): Promise<number> {
  const connectors = await pushConnections(db);
  if (connectors.length === 0) return 0;
  let seq = await nextSeq(db);
  let queued = 0;
  const cleared = new Set<string>();
  for (const action of actions) {
    const customerId = actionCustomer(action);
    if (customerId === null) continue;
    if (!cleared.has(customerId)) {
      cleared.add(customerId);
      // Their task updates not under way would be skipped when sent, but a parked one would hold
      // the withdrawal back behind it: they go. The withdrawal looks for what an attempt may have made.
      const stale = (await jobsOfPerson(db, customerId).toArray()).filter((j) => j.kind === 'upsert-task' && j.status !== 'running');
      await db.syncJobs.bulkDelete(stale.map((j) => j.id));
    }
    for (const connector of connectors) {
      const withdrawal = taskWithdrawal(action, customerId, connector, now);
      if (!withdrawal) continue;
      await db.syncJobs.add(newJob(seq++, connector, 'withdraw-task', customerId, withdrawal, now, withdrawalKey(withdrawal)));
      queued += 1;
    }
  }
  return queued;
}
