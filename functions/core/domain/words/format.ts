/** Dates, amounts and language names as a person of the store reads them, in the store's language. */
import { toMajorUnits } from '../money.ts';
import type { Language } from '../store.ts';

const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** "Mon 23 Nov, 10:00 EST", "Mo., 23. Nov., 10:00 EST" … in the store's time zone. */
export function when(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A day and time without the zone, for tables: "23 Nov 2026, 10:00". */
export function shortWhen(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function money(minor: number, currency: string, language: Language): string {
  return new Intl.NumberFormat(language === 'en' ? 'en' : LOCALES[language], { style: 'currency', currency }).format(toMajorUnits(minor, currency));
}

/** The name of a language in another: "German", "Deutsch", "allemand", "alemán". */
export function languageName(of: string, inLanguage: Language): string {
  try {
    return new Intl.DisplayNames([LOCALES[inLanguage]], { type: 'language' }).of(of) ?? of;
  } catch {
    return of;
  }
}
