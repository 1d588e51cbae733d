/** The UI language: zh-CN by default, en-US on request; persisted in localStorage. */
export type Lang = 'zh-CN' | 'en-US';
const KEY = 'pms.lang';

export function getLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function storeLang(lang: Lang) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode */
  }
  document.documentElement.lang = lang;
}
