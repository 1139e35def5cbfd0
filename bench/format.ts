/** Aligned text tables and number formatting for the printed report. */

export type Align = 'l' | 'r';

/** Renders rows under a header, each column padded to its widest cell. */
export function table(header: string[], rows: Array<Array<string | number>>, align?: Align[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const alignOf = (c: number): Align => align?.[c] ?? (c === 0 ? 'l' : 'r');
  const line = (r: string[]) =>
    r
      .map((cell, c) => (alignOf(c) === 'l' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return ['  ' + line(cells[0]!), '  ' + rule, ...cells.slice(1).map((r) => '  ' + line(r))].join('\n');
}

export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${num(value, digits)} ms` : '—';
}

export function perSecond(value: number): string {
  return Number.isFinite(value) ? `${num(value, 0)} /s` : '—';
}

export function pct(ratio: number): string {
  return Number.isFinite(ratio) ? `${num(ratio * 100, 0)} %` : '—';
}

export function kib(bytes: number, digits = 1): string {
  return `${num(bytes / 1024, digits)} KB`;
}

export function seconds(msValue: number): string {
  return `${num(msValue / 1000, 1)} s`;
}

/** "yes" when the figure meets its target, "NO" when not, "—" when there is no figure. */
export function meets(ok: boolean | null): string {
  return ok === null ? '—' : ok ? 'yes' : 'NO';
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}
