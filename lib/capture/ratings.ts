/** Ratings as pages write them: stars, and marks out of 10 or 100 kept on their scale. */
import type { RatingScale } from '../model/capture';

/**
 * The rating in a "N out of 5" sentence in any language ("5.0 out of 5 stars",
 * "4,0 von 5 Sternen", "Rated 4 out of 5 stars", "5つ星のうち4.0"): the number
 * that is not the scale.
 */
export function ratingFromText(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const numbers = [...value.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => m[0]);
  if (numbers.length === 0) return undefined;
  const scaleAt = numbers.indexOf('5');
  const rest = numbers.length > 1 && scaleAt !== -1 ? numbers.filter((_, i) => i !== scaleAt) : numbers;
  const rating = Number(rest[0]!.replace(',', '.'));
  return rating >= 1 && rating <= 5 ? rating : undefined;
}

/** A rating on another scale (schema.org bestRating / worstRating, "8/10") moved to 1-5. */
export function toFiveStars(value: number | undefined, best = 5, worst = 1): number | undefined {
  if (value === undefined || !Number.isFinite(value) || !Number.isFinite(best) || best <= worst) return undefined;
  if (best === 5 && worst <= 1) return value >= 1 && value <= 5 ? value : undefined;
  if (value < worst || value > best) return undefined;
  const scaled = 1 + ((value - worst) / (best - worst)) * 4;
  return Math.round(scaled * 10) / 10;
}

/**
 * A rating with its scale: out of 5, 10 or 100 as the page gives it (from 0
 * or 1), any other scale (out of 4, from 2) moved to stars.
 */
export function ratingOnScale(value: number | undefined, best = 5, worst = 1): { rating: number; ratingScale: RatingScale } | undefined {
  if (value === undefined || !Number.isFinite(value) || !Number.isFinite(best) || !Number.isFinite(worst)) return undefined;
  if ((best === 5 || best === 10 || best === 100) && worst <= 1 && worst >= 0) {
    // Zero stars is no rating; zero out of 10 or 100 is a mark.
    return value >= worst && value <= best && (best !== 5 || value > 0) ? { rating: value, ratingScale: best } : undefined;
  }
  const stars = toFiveStars(value, best, worst);
  return stars === undefined ? undefined : { rating: stars, ratingScale: 5 };
}
