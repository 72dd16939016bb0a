/**
 * Cost to serve and net value. The orders' cost_to_serve carries what each
 * order cost beyond the goods (returns, support contacts, shipping,
 * discounts); the settings add a fixed cost per order (handling, payment
 * fees). A customer's future purchases are expected to cost what their past
 * ones did per purchase day, so a serial returner stays expensive in the
 * forecast too, and their net value can be, and is shown as, negative.
 */
import type { PurchaseForecast } from './clv';
import { explained, type CustomerSummary, type Explained } from './types';

/** Σ orders' cost_to_serve + cost per order · orders. */
export function costToDate(summary: CustomerSummary, costPerOrder: number): Explained {
  return explained(summary.costToServe + costPerOrder * summary.orders, 'cost.to-date', {
    ordersCostToServe: summary.costToServe,
    costPerOrder,
    orders: summary.orders,
  });
}

/** The expected cost to serve of the forecast purchases, discounted like the CLV. */
export function futureCost(toDate: Explained, summary: CustomerSummary, forecast: PurchaseForecast): Explained {
  const costPerPurchase = summary.purchases > 0 ? toDate.value / summary.purchases : 0;
  return explained(costPerPurchase * forecast.discounted, 'cost.future', {
    costToDate: toDate.value,
    purchases: summary.purchases,
    costPerPurchase,
    discountedPurchases: forecast.discounted,
  });
}

/** Forward-looking net value: CLV − future cost to serve. */
export function netValue(clv: Explained, future: Explained): Explained {
  return explained(clv.value - future.value, 'value.net', { clv: clv.value, futureCost: future.value });
}

/** Net value so far, for customers without a forecast: margin on revenue − cost to date. */
export function historicalNetValue(historical: Explained, toDate: Explained): Explained {
  return explained(historical.value - toDate.value, 'value.net-historical', {
    historicalValue: historical.value,
    costToDate: toDate.value,
  });
}
