/**
 * The interface text on the command line: the same locales/*.yml the
 * extension is built from, bundled into the command as text.
 */
import { parseLocaleFile } from '../ui/locale-file';
import { createText, UI_LANGUAGES, type Text, type UiLanguage } from '../ui/text';

const FILES = import.meta.glob<string>('../../locales/*.yml', { query: '?raw', import: 'default', eager: true });

function messagesOf(language: UiLanguage) {
  const file = FILES[`../../locales/${language}.yml`];
  if (file === undefined) throw new Error(`no interface text for "${language}"`);
  return parseLocaleFile(file);
}

export function isUiLanguage(value: string): value is UiLanguage {
  return (UI_LANGUAGES as readonly string[]).includes(value);
}

export function cliText(language: UiLanguage): Text {
  return createText(language, messagesOf(language), messagesOf('en'));
}
