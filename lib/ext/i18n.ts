/**
 * The interface text for the extension's pages, in the language chosen in
 * the settings (or the browser's). The browser's own i18n API only speaks the
 * browser's language, so the pages read the extension's packaged
 * messages.json of the chosen language instead: local files, no remote code.
 */
import { browser } from 'wxt/browser';
import { createText, pickLanguage, type Messages, type Text, type UiLanguage } from '../ui/text';
import { readSettings } from './settings';

async function messagesOf(language: UiLanguage): Promise<Messages> {
  // _locales is packaged by the build, so WXT's list of public paths does not name it.
  const url = (browser.runtime.getURL as (path: string) => string)(`/_locales/${language}/messages.json`);
  const response = await fetch(url);
  return (await response.json()) as Messages;
}

/** The text of one language, with English behind it for anything it lacks. */
export async function textIn(language: UiLanguage): Promise<Text> {
  const [messages, english] = await Promise.all([messagesOf(language), language === 'en' ? null : messagesOf('en')]);
  return createText(language, messages, english ?? messages);
}

/** The language the user chose in the settings, or the browser's when it is one we have. */
export async function chosenLanguage(): Promise<UiLanguage> {
  return pickLanguage((await readSettings()).language, browser.i18n.getUILanguage());
}

/** A page's text: the chosen language, also set on the document for screen readers and hyphenation. */
export async function loadText(): Promise<Text> {
  const language = await chosenLanguage();
  document.documentElement.lang = language;
  return textIn(language);
}
