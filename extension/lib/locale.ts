/**
 * The locale for Intl (dates, durations, sorting): the browser's own, such as `de-AT`, when the
 * messages are in its language; otherwise the messages' language, so that a French browser, which
 * gets the English messages, does not read "il y a 2 min" in the middle of English sentences.
 */
/** Pure: `browser` is `chrome.i18n.getUILanguage()`, `messages` the `lang` of the locale file in use. */
export function pickLocale(messages: string, browser: string | undefined): string {
  const language = browser?.toLowerCase().split(/[-_]/)[0];
  return browser && language === messages.toLowerCase() ? browser.replace('_', '-') : messages;
}

/** The locale every Intl formatter in the extension uses. */
export function uiLocale(): string {
  // `lang` is the locale file's own code (extension/locales/*.yml): the language of the messages shown.
  return pickLocale(chrome.i18n.getMessage('lang') || 'en', chrome.i18n.getUILanguage());
}
