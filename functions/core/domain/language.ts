/**
 * The language of a note, from the order's own signals: the locale the customer shopped in
 * (Shopify customer_locale, Stripe session locale, WooCommerce WPML/Polylang), else the main
 * language of the address's country, else the store's language.
 */
import { LANGUAGES, type Language } from './terms.ts';

const SUPPORTED = new Set<string>(LANGUAGES);

/** The primary language subtag of a BCP 47 tag, when it is one we write notes in. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const primary = tag.trim().replace('_', '-').split('-')[0]?.toLowerCase() ?? '';
  return SUPPORTED.has(primary) ? (primary as Language) : null;
}

/** Main language of a country (CLDR likely subtags, through Intl): "DE" → "de", "CH" → "de". */
export function countryLanguage(country: string | null | undefined): string | null {
  if (!country || !/^[A-Za-z]{2}$/.test(country)) return null;
  try {
    return new Intl.Locale(`und-${country.toUpperCase()}`).maximize().language;
  } catch {
    return null;
  }
}

export function chooseLanguage(
  signals: { locale: string | null; country: string | null },
  storeLanguage: Language,
): Language {
  // A customer who shopped in a language we do not write gets the store's language, not the
  // language of the country they ship to (an Italian speaker in Zurich is not a German speaker).
  if (signals.locale) return supportedLanguage(signals.locale) ?? storeLanguage;
  return supportedLanguage(countryLanguage(signals.country)) ?? storeLanguage;
}
