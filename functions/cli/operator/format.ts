/** Plain-text tables and blocks for the operator commands, readable in an 80-column terminal. */
import { toMajorUnits } from '../../core/domain/money.ts';

/** Columns padded to their widest cell; the last column is cut at `lastWidth` characters. */
export function table(headings: string[], rows: string[][], lastWidth = 60): string {
  if (rows.length === 0) return '';
  const cut = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? clip(cell, lastWidth) : oneLine(cell))));
  const widths = headings.map((h, i) => Math.max(h.length, ...cut.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headings), ...cut.map(line)].join('\n');
}

/** "2026-11-24 14:37 UTC"; empty for no time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function money(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || !currency) return '';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(toMajorUnits(minor, currency));
  } catch {
    return `${minor} ${currency}`;
  }
}

export function person(p: { name?: string | null; email?: string | null } | string | null | undefined): string {
  if (!p) return '';
  if (typeof p === 'string') return p;
  if (p.name && p.email) return `${p.name} <${p.email}>`;
  return p.name ?? p.email ?? '';
}

export function clip(text: string, width: number): string {
  const flat = oneLine(text);
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Text indented under a heading, wrapped lines kept as the writer broke them. */
export function indent(text: string, by = '    '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line ? `${by}${line}` : ''))
    .join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
