export interface StatItem {
  label: string;
  value: number | string;
}

/** A row of headline figures. */
export function Stats({ items, label }: { items: readonly StatItem[]; label: string }) {
  return (
    <ul class="stats" aria-label={label}>
      {items.map((item) => (
        <li key={item.label}>
          <span class="value">{typeof item.value === 'number' ? item.value.toLocaleString() : item.value}</span>
          <span class="label">{item.label}</span>
        </li>
      ))}
    </ul>
  );
}
