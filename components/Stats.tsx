import { useText } from './text';

export interface StatItem {
  label: string;
  value: number | string;
}

/** A row of headline figures. */
export function Stats({ items, label }: { items: readonly StatItem[]; label: string }) {
  const text = useText();
  return (
    <ul class="stats" aria-label={label}>
      {items.map((item) => (
        <li key={item.label}>
          <span class="value">{typeof item.value === 'number' ? text.number(item.value) : item.value}</span>
          <span class="label">{item.label}</span>
        </li>
      ))}
    </ul>
  );
}
