/** The printed form of section 3. */
import type { BundlesResult } from './bundles.ts';
import { heading, kib, meets, ms, num, table } from './format.ts';

export const BUNDLE_TARGETS = { bytes: 300 * 1024, importMs: 60 } as const;

export function reportBundles(r: BundlesResult): { text: string; summary: string } {
  const rows = r.bundles.map((b) => [
    b.fn,
    b.bytes === undefined ? '—' : `${kib(b.bytes)} (${num(b.bytes)} B)`,
    b.gzipBytes === undefined ? '—' : kib(b.gzipBytes),
    `≤ ${kib(BUNDLE_TARGETS.bytes, 0)}`,
    meets(b.bytes === undefined ? null : b.bytes <= BUNDLE_TARGETS.bytes),
    b.importOverBareMs === undefined ? '—' : ms(b.importOverBareMs),
    b.importCallMs === undefined ? '—' : ms(b.importCallMs),
    `≤ ${BUNDLE_TARGETS.importMs} ms`,
    meets(b.importOverBareMs === undefined ? null : b.importOverBareMs <= BUNDLE_TARGETS.importMs),
  ]);
  const failures = r.bundles.filter((b) => b.error).map((b) => `  ${b.fn}: ${b.error}`);
  const built = r.bundles.filter((b) => b.bytes !== undefined);
  const sizeOk = built.filter((b) => b.bytes! <= BUNDLE_TARGETS.bytes).length;
  const importOk = built.filter((b) => (b.importOverBareMs ?? Infinity) <= BUNDLE_TARGETS.importMs).length;
  const largest = built.reduce((m, b) => Math.max(m, b.bytes!), 0);
  const slowest = built.reduce((m, b) => Math.max(m, b.importOverBareMs ?? 0), 0);
  const lines = [
    heading('3. Lambda bundles (esbuild with infra/bundling.ts options: ESM, minified, SDK bundled)'),
    `  import() timed in a fresh \`node -e\` per run, ${r.runs} rounds interleaved with bare \`node -e ""\` (median bare: ${ms(r.bareWallMs)}); ` +
      '"over bare" = median of (import run − bare run of the same round)',
    '',
    table(
      ['handler', 'minified', 'gzip', 'target', 'met', 'import over bare', 'import() call', 'target', 'met'],
      rows,
      ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'l'],
    ),
    ...(failures.length ? ['', '  Not built or not importable:', ...failures] : []),
    '',
    '  What each bundle carries (minified KB by npm package; our code by folder of functions/):',
    ...r.bundles
      .filter((b) => b.carries)
      .map((b) => {
        const top = b.carries!.slice(0, 7).map((c) => `${c.from} ${kib(c.bytes, 0)}`);
        const rest = b.carries!.slice(7).reduce((sum, c) => sum + c.bytes, 0);
        return `  ${b.fn.padEnd(16)} ${top.join(', ')}${rest ? `, the rest ${kib(rest, 0)}` : ''}`;
      }),
  ];
  const summary =
    `${built.length}/${r.bundles.length} bundles built; ${sizeOk}/${built.length} ≤ ${kib(BUNDLE_TARGETS.bytes, 0)} (largest ${kib(largest)}); ` +
    `${importOk}/${built.length} import ≤ ${BUNDLE_TARGETS.importMs} ms over bare node (slowest ${ms(slowest)})`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}
