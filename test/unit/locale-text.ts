/**
 * The interface text of a language as the extension ships it, read from
 * locales/<lang>.yml in Node tests (the build turns the same files into
 * _locales/<lang>/messages.json). The files are two levels of `key: value`.
 */
import { readFileSync } from 'node:fs';
import { createText, type Messages, type Text, type UiLanguage } from '../../lib/ui/text';

export function localeMessages(language: UiLanguage): Messages {
  const messages: Messages = {};
  let section = '';
  for (const line of readFileSync(new URL(`../../locales/${language}.yml`, import.meta.url), 'utf8').split('\n')) {
    const entry = /^( {2})?([A-Za-z_]\w*):\s*(.*)$/.exec(line);
    if (!entry) continue;
    const [, nested, key, raw] = entry;
    if (!nested) section = key!;
    if (!raw) continue;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    messages[nested ? `${section}_${key}` : key!] = { message: value };
  }
  return messages;
}

export function localeText(language: UiLanguage): Text {
  return createText(language, localeMessages(language), localeMessages('en'));
}
