import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './zh.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

/** The languages of the UI: Chinese first, English as the switch. */
export const LANGUAGES = ['zh-CN', 'en'] as const;

/** One of `LANGUAGES`. */
export type Language = (typeof LANGUAGES)[number];

/** The localStorage key that remembers the user's language. */
export const LANGUAGE_KEY = 'onething.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled (private mode); Chinese is the default.
  }
  return 'zh-CN';
}

function applyToDocument(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.title = i18next.t('app.title');
}

/** Starts i18next with both resource bundles and the remembered language. */
export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(currentLanguage());
  return i18next;
}

/** The language the UI shows now. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'zh-CN';
}

/** Switches the UI language and remembers the choice. */
export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, lang);
  } catch {
    // Not remembered when storage is disabled; the switch still applies.
  }
  applyToDocument(lang);
}
