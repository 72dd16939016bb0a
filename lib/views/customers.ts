/** The customer list of the workspace: a page at a time, never the whole table. */
import type { EarshotDatabase } from '../db/database';
import { displayName } from '../model';

export interface CustomerRow {
  id: string;
  name: string;
  email: string;
  city: string;
  orders: number;
  revenue: number;
}


export async function customerPage(db: EarshotDatabase, offset: number, limit: number): Promise<CustomerRow[]> {
  const customers = await db.customers.orderBy('id').offset(offset).limit(limit).toArray();
  return Promise.all(
    customers.map(async (c) => {
      const orders = await db.orders.where('customerId').equals(c.id).toArray();
      return {
        id: c.id,
        name: displayName(c),
        email: c.email ?? '',
        city: c.city ?? '',
        orders: orders.length,
        revenue: orders.reduce((sum, o) => sum + o.amount, 0),
      };
    }),
  );
}
