import { describe, expect, it } from 'vitest';
import { chooseLanguage, countryLanguage, supportedLanguage } from '../../../functions/core/domain/language.ts';

const none = { locale: null, country: null };

describe('chooseLanguage', () => {
  it.each([
    ['de', 'de'],
    ['fr-CA', 'fr'],
    ['es_MX', 'es'],
    ['EN-gb', 'en'],
    [' de-AT ', 'de'],
  ] as const)('takes the language the customer shopped in: %s → %s', (locale, expected) => {
    expect(chooseLanguage({ locale, country: 'US' }, 'en')).toBe(expected);
  });

  it('prefers the shopping locale over the shipping country', () => {
    expect(chooseLanguage({ locale: 'en', country: 'DE' }, 'fr')).toBe('en');
    expect(chooseLanguage({ locale: 'es-419', country: 'FR' }, 'en')).toBe('es');
  });

  it('gives a locale we do not write in the store language, not the country language', () => {
    // An Italian speaker in Zurich is not a German speaker.
    expect(chooseLanguage({ locale: 'it-CH', country: 'CH' }, 'en')).toBe('en');
    expect(chooseLanguage({ locale: 'pt-BR', country: 'ES' }, 'fr')).toBe('fr');
  });

  it.each([
    ['DE', 'de'],
    ['AT', 'de'],
    ['CH', 'de'],
    ['FR', 'fr'],
    ['LU', 'fr'],
    ['ES', 'es'],
    ['MX', 'es'],
    ['AR', 'es'],
    ['US', 'en'],
    ['GB', 'en'],
    ['de', 'de'],
  ] as const)('without a locale, uses the main language of the country: %s → %s', (country, expected) => {
    expect(chooseLanguage({ locale: null, country }, 'fr')).toBe(expected);
  });

  it('falls back to the store language when the country language is not one we write', () => {
    expect(chooseLanguage({ locale: null, country: 'BE' }, 'fr')).toBe('fr'); // Belgium: Dutch first
    expect(chooseLanguage({ locale: null, country: 'JP' }, 'de')).toBe('de');
  });

  it('falls back to the store language without any signal, or with unusable ones', () => {
    expect(chooseLanguage(none, 'es')).toBe('es');
    expect(chooseLanguage({ locale: '', country: null }, 'de')).toBe('de');
    expect(chooseLanguage({ locale: null, country: 'Deutschland' }, 'fr')).toBe('fr');
    expect(chooseLanguage({ locale: null, country: 'XX' }, 'en')).toBe('en');
  });

  it('treats an empty locale as no locale, so the country still counts', () => {
    expect(chooseLanguage({ locale: '', country: 'DE' }, 'en')).toBe('de');
  });
});

describe('supportedLanguage', () => {
  it('reads the primary subtag of a BCP 47 tag', () => {
    expect(supportedLanguage('fr-FR')).toBe('fr');
    expect(supportedLanguage('es_ES')).toBe('es');
    expect(supportedLanguage('nl-NL')).toBeNull();
    expect(supportedLanguage(undefined)).toBeNull();
  });
});

describe('countryLanguage', () => {
  it('is the likely language of a two-letter country code, else null', () => {
    expect(countryLanguage('DE')).toBe('de');
    expect(countryLanguage('BE')).toBe('nl');
    expect(countryLanguage('DEU')).toBeNull();
    expect(countryLanguage(null)).toBeNull();
  });
});
