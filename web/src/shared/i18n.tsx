/** Language context: t(key) from the dictionary, setLang persists the choice. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { messages, type MessageKey } from './messages.ts';
import { getLang, storeLang, type Lang } from './lang.ts';

export type T = (key: MessageKey | string, fallback?: string) => string;

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: T;
}

const Ctx = createContext<I18n | null>(null);

export function translate(lang: Lang, key: string, fallback?: string): string {
  const m = (messages as Record<string, readonly [string, string]>)[key];
  if (!m) return fallback ?? key;
  return lang === 'en-US' ? m[1] : m[0];
}

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (l: Lang) => void }) {
  const [lang, setLangState] = useState<Lang>(getLang());
  const setLang = useCallback(
    (l: Lang) => {
      storeLang(l);
      setLangState(l);
      onChange?.(l);
    },
    [onChange],
  );
  const t = useCallback<T>((key, fallback) => translate(lang, key, fallback), [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
