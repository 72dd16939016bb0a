/**
 * Activity on a channel: a review, post or comment a person wrote on a
 * platform (dated by the platform), or an order placed through a sales
 * channel (when the CRM export names one). The channel timeline, the
 * heatmap, "changed channel" and satisfaction all read these events.
 */
import { dayOfDate } from '../calendar/iso-week';
import type { Contribution, ContributionType, Order, Platform } from '../model';

/** A platform where people write (`platform:trustpilot`) or a sales channel of orders (`order:webshop`; `order:` when the export names none). */
export type ChannelKey = `platform:${Platform}` | `order:${string}`;

export type ActivityKind = ContributionType | 'order';

export interface ActivityEvent {
  day: number;
  channel: ChannelKey;
  kind: ActivityKind;
  /** 1-5 for a rated review. */
  rating?: number;
  /** About the shop's own brands (reviews and posts only). */
  ownBrand?: boolean;
}

export const platformChannel = (platform: Platform): ChannelKey => `platform:${platform}`;
export const orderChannel = (channel: string | undefined): ChannelKey => `order:${channel ?? ''}`;

/** A known sales channel (not the unnamed one of an export without the column). */
export function isNamedChannel(channel: ChannelKey): boolean {
  return channel !== 'order:';
}

/** A contribution as activity on its platform; null when the page gave it no date (it cannot be placed in a week). */
export function contributionEvent(c: Pick<Contribution, 'date' | 'type' | 'rating' | 'aboutOwnBrand'>, platform: Platform): ActivityEvent | null {
  const day = dayOfDate(c.date);
  if (day === null) return null;
  return { day, channel: platformChannel(platform), kind: c.type, ...(c.rating !== undefined ? { rating: c.rating } : {}), ownBrand: c.aboutOwnBrand };
}

/** An order as activity on its sales channel (refunds are not activity: the customer did not come to buy). */
export function orderEvent(o: Pick<Order, 'date' | 'amount' | 'channel'>): ActivityEvent | null {
  const day = dayOfDate(o.date);
  if (day === null || o.amount < 0) return null;
  return { day, channel: orderChannel(o.channel), kind: 'order' };
}
