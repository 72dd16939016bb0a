/** Star ratings as pages write them, to the 1-5 scale of the captured page. */

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
