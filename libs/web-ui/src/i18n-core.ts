/** What the browser apps share about languages: German first, English by a button. */

export type Lang = 'de' | 'en';

/** Times are shown as on the clocks in Kusel, whatever the device's time zone. */
export const TIME_ZONE = 'Europe/Berlin';

export function locale(lang: Lang): string {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/** The chosen language, kept in localStorage under the app's key; German until one is chosen. */
export function langStore(key: string): { initial(): Lang; save(lang: Lang): void } {
  return {
    initial: () => {
      const saved = localStorage.getItem(key);
      return saved === 'en' || saved === 'de' ? saved : 'de';
    },
    save: (lang) => localStorage.setItem(key, lang),
  };
}

/** Wall-clock time in Kusel, e.g. `14:05`. */
export function clock(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleTimeString(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  });
}

/** The texts an app has for API errors: one per error code it knows, and a general one. */
export interface ErrorTexts {
  error: string;
  errors: Record<string, string>;
}

/** A plain-language message for an API error: by field code, else by error code, else general. */
export function errorText(err: unknown, t: ErrorTexts): string {
  const e = err as { code?: string; fields?: Array<{ code: string }> };
  for (const f of e?.fields ?? []) if (t.errors[f.code]) return t.errors[f.code];
  return (e?.code && t.errors[e.code]) || t.error;
}
