/**
 * A good guess at the customer's own time zone, so a note arrives in their morning rather than
 * the store's: coordinates of the shipping address when the platform sends them, else country
 * and region, else the locale's country, else the store's zone.
 */
import tzLookup from '@photostructure/tz-lookup';
import type { Address } from './purchase.ts';

/** Regions of countries that span several zones (state or province codes as platforms send them). */
const REGION_ZONES: Record<string, Record<string, string>> = {
  US: {
    ...each('America/New_York', 'CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV'),
    ...each('America/Chicago', 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'),
    ...each('America/Denver', 'CO MT NM UT WY ID'),
    ...each('America/Phoenix', 'AZ'),
    ...each('America/Los_Angeles', 'CA NV OR WA'),
    ...each('America/Anchorage', 'AK'),
    ...each('Pacific/Honolulu', 'HI'),
    ...each('America/Puerto_Rico', 'PR VI'),
  },
  CA: {
    ...each('America/Toronto', 'ON QC'),
    ...each('America/Halifax', 'NS NB PE'),
    ...each('America/St_Johns', 'NL'),
    ...each('America/Winnipeg', 'MB'),
    ...each('America/Regina', 'SK'),
    ...each('America/Edmonton', 'AB NT'),
    ...each('America/Vancouver', 'BC'),
    ...each('America/Whitehorse', 'YT'),
    ...each('America/Iqaluit', 'NU'),
  },
  AU: {
    ...each('Australia/Sydney', 'NSW ACT'),
    ...each('Australia/Melbourne', 'VIC'),
    ...each('Australia/Brisbane', 'QLD'),
    ...each('Australia/Adelaide', 'SA'),
    ...each('Australia/Perth', 'WA'),
    ...each('Australia/Hobart', 'TAS'),
    ...each('Australia/Darwin', 'NT'),
  },
  BR: {
    ...each('America/Sao_Paulo', 'SP RJ MG ES PR SC RS GO DF BA SE AL PE PB RN CE PI MA PA AP TO'),
    ...each('America/Manaus', 'AM RR RO MT MS'),
    ...each('America/Rio_Branco', 'AC'),
  },
  MX: {
    ...each('America/Tijuana', 'BC'),
    ...each('America/Hermosillo', 'SON'),
    ...each('America/Mazatlan', 'BCS SIN NAY'),
    ...each('America/Cancun', 'ROO'),
  },
};

/** Most people of a multi-zone country live here: used when the region does not tell. */
const MAIN_ZONE: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  RU: 'Europe/Moscow',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  NZ: 'Pacific/Auckland',
  ID: 'Asia/Jakarta',
  CN: 'Asia/Shanghai',
  KZ: 'Asia/Almaty',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  DE: 'Europe/Berlin',
  GB: 'Europe/London',
  FR: 'Europe/Paris',
  IN: 'Asia/Kolkata',
  UA: 'Europe/Kyiv',
  MY: 'Asia/Kuala_Lumpur',
  CD: 'Africa/Kinshasa',
  MN: 'Asia/Ulaanbaatar',
};

function each(zone: string, regions: string): Record<string, string> {
  return Object.fromEntries(regions.split(' ').map((r) => [r, zone]));
}

/** The zone of a country, when one zone is a safe guess for it. */
export function countryZone(country: string, region?: string | null): string | null {
  const code = country.toUpperCase();
  const byRegion = region ? REGION_ZONES[code]?.[region.toUpperCase().replace(/^[A-Z]{2}-/, '')] : undefined;
  if (byRegion) return byRegion;
  if (MAIN_ZONE[code]) return MAIN_ZONE[code];
  try {
    const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };
    const zones = locale.getTimeZones?.() ?? locale.timeZones ?? [];
    return zones.length === 1 ? zones[0]! : null;
  } catch {
    return null;
  }
}

function coordinateZone(address: Address): string | null {
  const { latitude, longitude } = address;
  if (latitude === null || longitude === null) return null;
  if (latitude === 0 && longitude === 0) return null; // "null island": a missing value, not a place
  try {
    return tzLookup(latitude, longitude);
  } catch {
    return null;
  }
}

function localeCountry(locale: string | null): string | null {
  if (!locale) return null;
  try {
    return new Intl.Locale(locale.replace('_', '-')).region ?? null;
  } catch {
    return null;
  }
}

export function guessTimeZone(
  signals: { address: Address | null; locale: string | null },
  storeTimeZone: string,
): string {
  const { address, locale } = signals;
  if (address) {
    const fromCoordinates = coordinateZone(address);
    if (fromCoordinates) return fromCoordinates;
    if (address.country) {
      const fromCountry = countryZone(address.country, address.region);
      if (fromCountry) return fromCountry;
    }
  }
  const country = localeCountry(locale);
  return (country && countryZone(country)) || storeTimeZone;
}
