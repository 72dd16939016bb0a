/**
 * The messages of a locales/<lang>.yml file, as the build turns them into
 * _locales/<lang>/messages.json: two levels of `key: value`, a nested key
 * named `section_key`. For Node (tests, the command line), which has no build step.
 */
import type { Messages } from './text';

export function parseLocaleFile(text: string): Messages {
  const messages: Messages = {};
  let section = '';
  for (const line of text.split('\n')) {
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
