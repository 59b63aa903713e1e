import { en } from './en';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

/** The languages the UI speaks, each named in itself for the language switch. */
export const LOCALES: readonly { readonly code: Locale; readonly name: string }[] = [
  { code: 'zh-CN', name: '中文' },
  { code: 'en', name: 'English' },
];

const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

const STORAGE_KEY = 'visitdesk.locale';

/** The language chosen last time on this computer (a UI preference, not store data). */
function remembered(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const current = $state<{ locale: Locale }>({ locale: remembered() });

/** The language the UI is shown in now. */
export function locale(): Locale {
  return current.locale;
}

export function setLocale(next: Locale): void {
  current.locale = next;
  document.documentElement.lang = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // No storage (a locked-down webview): the choice lasts for this session only.
  }
}

/** Whether `key` is a text of the dictionaries (for keys built from codes, e.g. `error.<code>`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

/**
 * The text for `key` in the current language, with each `{name}` replaced from `params`.
 * Reading it inside markup or `$derived` re-renders when the language changes.
 */
export function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return DICTIONARIES[current.locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
