import type { CustomerRow } from '../lib/views/customers';

export interface CustomerTableLabels {
  caption: string;
  name: string;
  email: string;
  city: string;
  orders: string;
  revenue: string;
}

/** Customers as a table. Every value is rendered as text. */
export function CustomerTable({ rows, labels, currency }: { rows: readonly CustomerRow[]; labels: CustomerTableLabels; currency: string }) {
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
  return (
    <table>
      <caption class="muted caption">
        {labels.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">{labels.name}</th>
          <th scope="col">{labels.email}</th>
          <th scope="col">{labels.city}</th>
          <th scope="col" class="num">
            {labels.orders}
          </th>
          <th scope="col" class="num">
            {labels.revenue}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.name}</td>
            <td>{r.email}</td>
            <td>{r.city}</td>
            <td class="num">{r.orders}</td>
            <td class="num">{money.format(r.revenue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
