/**
 * The features personas are clustered on, per customer: numeric ones,
 * transformed where they are heavy-tailed and then standardised (z-scores,
 * clipped at ±4 so one huge account cannot own a feature), and categorical
 * ones as codes. README.md, "Features", says why each is there.
 */
import type { CustomerFacts } from './facts';
import { runSteps, type Steps } from '../value/schedule';

export const NUMERIC_FEATURES = [
  'netValue',
  'trend',
  'pAlive',
  'recency',
  'frequency',
  'basket',
  'costShare',
  'influence',
  'reach',
  'sentiment',
  'voice',
] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];

export const CATEGORICAL_FEATURES = ['platform', 'topic', 'language', 'region', 'channel'] as const;
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number];

/** The value of a categorical feature when the customer shows none (no profile, no text, no column). */
export const NONE = '-';

const CLIP = 4;

const signedLog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

/** A customer's numeric features before standardising; NaN where the data has none (imputed with the mean). */
export function numericFeatures(f: CustomerFacts): Record<NumericFeature, number> {
  const rated = f.ratings.length;
  return {
    netValue: signedLog(f.netValue),
    // Buying faster (or slower) from now on than so far: the log of the forecast over the past rate.
    trend: f.purchases > 0 && f.ratePerYear !== null ? Math.log((f.ratePerYear + 0.1) / (f.pastRatePerYear + 0.1)) : 0,
    pAlive: f.pAlive ?? NaN,
    recency: f.daysSinceLastPurchase !== null ? Math.log1p(f.daysSinceLastPurchase) : NaN,
    frequency: Math.log1p(f.pastRatePerYear),
    basket: f.purchases > 0 ? Math.log1p(Math.max(0, f.meanBasket)) : NaN,
    costShare: f.revenue > 0 ? Math.min(2, f.costToDate / f.revenue) : f.costToDate > 0 ? 2 : 0,
    influence: f.influence,
    reach: Math.log10(1 + f.followers),
    sentiment: rated > 0 ? f.ratings.reduce((s, r) => s + (r.rating - 3) / 2, 0) / rated : 0,
    voice: Math.log1p(f.texts.length),
  };
}

export function categoricalFeatures(f: CustomerFacts): Record<CategoricalFeature, string> {
  return {
    platform: f.platforms[0] ?? NONE,
    topic: f.topic ?? NONE,
    language: f.language ?? NONE,
    region: f.region ?? NONE,
    channel: f.channel ?? NONE,
  };
}

/** The mean and spread each numeric feature was standardised with, kept so a later run can place old centres. */
export interface Scaling {
  mean: number[];
  sd: number[];
}

export interface FeatureData {
  n: number;
  /** Standardised numeric features, row-major n × NUMERIC_FEATURES.length. */
  num: Float64Array;
  /** Category codes, row-major n × CATEGORICAL_FEATURES.length. */
  cat: Int32Array;
  /** Per categorical feature, the values by code. */
  levels: string[][];
  scaling: Scaling;
  /** Raw (transformed, imputed, unstandardised) numeric features, for describing personas in the data's own units. */
  raw: Float64Array;
}

export const P = NUMERIC_FEATURES.length;
export const Q = CATEGORICAL_FEATURES.length;

/** Build, impute and standardise the features of every customer. */
export function buildFeatures(facts: readonly CustomerFacts[]): FeatureData {
  return runSteps(buildFeaturesSteps(facts));
}

const CHUNK = 4096;

export function* buildFeaturesSteps(facts: readonly CustomerFacts[]): Steps<FeatureData> {
  const n = facts.length;
  const raw = new Float64Array(n * P);
  const cat = new Int32Array(n * Q);
  const codes = CATEGORICAL_FEATURES.map(() => new Map<string, number>());
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: n };
    const numeric = numericFeatures(facts[i]!);
    NUMERIC_FEATURES.forEach((name, j) => (raw[i * P + j] = numeric[name]));
    const categorical = categoricalFeatures(facts[i]!);
    CATEGORICAL_FEATURES.forEach((name, l) => {
      const map = codes[l]!;
      const value = categorical[name];
      let code = map.get(value);
      if (code === undefined) {
        code = map.size;
        map.set(value, code);
      }
      cat[i * Q + l] = code;
    });
  }
  const scaling: Scaling = { mean: [], sd: [] };
  for (let j = 0; j < P; j++) {
    yield { phase: 'personas', done: j, total: P };
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i * P + j]!;
      if (!Number.isNaN(v)) {
        sum += v;
        count += 1;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(raw[i * P + j]!)) raw[i * P + j] = mean;
      squares += (raw[i * P + j]! - mean) ** 2;
    }
    scaling.mean.push(mean);
    scaling.sd.push(n > 1 ? Math.sqrt(squares / (n - 1)) : 0);
  }
  const num = new Float64Array(n * P);
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: n };
    for (let j = 0; j < P; j++) num[i * P + j] = standardise(raw[i * P + j]!, scaling, j);
  }
  return { n, num, cat, levels: codes.map((m) => [...m.keys()]), scaling, raw };
}

/** One raw feature value in standard deviations from the mean, clipped; 0 for a feature that does not vary. */
export function standardise(value: number, scaling: Scaling, j: number): number {
  const sd = scaling.sd[j]!;
  if (!(sd > 1e-12)) return 0;
  return Math.max(-CLIP, Math.min(CLIP, (value - scaling.mean[j]!) / sd));
}
