/** Amounts in minor units, with the digits each currency really has (JPY 0, KWD 3). */
const digitsCache = new Map<string, number>();

export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** "359.97" in USD → 35997. Decimal strings are parsed without floating-point drift. */
export function toMinorUnits(amount: string | number, currency: string): number | null {
  const text = typeof amount === 'number' ? amount.toFixed(currencyDigits(currency)) : amount.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const digits = currencyDigits(currency);
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  const kept = fraction.slice(0, digits);
  const rest = fraction.slice(digits);
  let minor = Number(match[1]) * 10 ** digits + Number(kept || '0');
  if (rest && Number(rest[0]) >= 5) minor += 1;
  return Number.isSafeInteger(minor) ? minor : null;
}

export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}
