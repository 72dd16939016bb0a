/** Settings in extension storage (storage.local), versioned with WXT's storage items. */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, Settings } from '../settings';

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Read the settings; anything stored that no longer parses falls back to defaults field by field. */
export async function readSettings(): Promise<Settings> {
  const raw = await settingsItem.getValue();
  const parsed = Settings.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function writeSettings(next: Settings): Promise<void> {
  await settingsItem.setValue(Settings.parse(next));
}
