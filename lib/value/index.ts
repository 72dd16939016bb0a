/**
 * The value domain's public surface: the engine (engine.ts), the result types,
 * the settings and what the screens and the command line need beside them.
 */
export * from './types';
export { CurrencyError, ValueInputError } from './errors';
export { ValueSettings, DEFAULT_VALUE_SETTINGS, parseValueSettings, settingsFingerprint, type ValueSettingsInput } from './settings';
export { RFM_SEGMENT_LABELS } from './rfm';
export { MODEL_LABEL, PURCHASE_MODELS } from './forecaster';
export { holdoutCheck, holdoutCheckAsync } from './holdout-check';
export { MIN_BUYERS, MIN_HISTORY_DAYS, MIN_REPEAT_BUYERS } from './thresholds';
export type { RunModelsOptions } from './run-models';
export type { AsyncRunOptions, Progress } from './schedule';
export * from './engine';
export { ValueRecord, valueRecords } from './record';
