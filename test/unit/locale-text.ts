/**
 * The interface text of a language as the extension ships it, read from
 * locales/<lang>.yml in Node tests (the build turns the same files into
 * _locales/<lang>/messages.json).
 */
import { readFileSync } from 'node:fs';
import { parseLocaleFile } from '../../lib/ui/locale-file';
import { createText, type Messages, type Text, type UiLanguage } from '../../lib/ui/text';

export function localeMessages(language: UiLanguage): Messages {
  return parseLocaleFile(readFileSync(new URL(`../../locales/${language}.yml`, import.meta.url), 'utf8'));
}

export function localeText(language: UiLanguage): Text {
  return createText(language, localeMessages(language), localeMessages('en'));
}
