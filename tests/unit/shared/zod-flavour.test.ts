/**
 * Every bundle stays on `zod/mini` with its English messages. Classic `zod` attaches every method
 * to every schema, so none of it tree-shakes: one `import { z } from 'zod'` in any file a handler
 * reaches adds ~97 KB to that bundle and to its cold start (bench/README.md). And mini carries
 * no messages of its own: a schema that bypassed functions/core/zod.ts could leave a webhook's
 * 400 reading only "Invalid input".
 */
import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../../functions/adapters/webhooks/index.ts';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';
import { FUNCTION_NAMES } from '../../../functions/shared/functions.ts';
import { parseDeploymentConfig } from '../../../functions/core/domain/store.ts';
import { esbuildOptions, handlerEntry, PROJECT_ROOT } from '../../../infra/bundling.ts';

const FUNCTIONS_DIR = join(PROJECT_ROOT, 'functions');
/** The one file that may name zod's own modules. */
const OUR_ZOD = 'functions/core/zod.ts';
const ZOD_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](zod(?:\/[^'"]*)?)['"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('zod in what ships', () => {
  it('every file under functions/ takes zod from functions/core/zod.ts, never from the package', async () => {
    const strays: string[] = [];
    for (const file of await sourceFiles(FUNCTIONS_DIR)) {
      const path = relative(PROJECT_ROOT, file);
      if (path === OUR_ZOD) continue;
      for (const [, specifier] of (await readFile(file, 'utf8')).matchAll(ZOD_IMPORT)) strays.push(`${path} imports '${specifier}'`);
    }
    expect(strays, "write `import * as z from '<relative path>/core/zod.ts'`: zod/mini with the English messages loaded").toEqual([]);
  });

  it('our zod is the lean flavour and loads one locale, the English one', async () => {
    const specifiers = [...(await readFile(join(PROJECT_ROOT, OUR_ZOD), 'utf8')).matchAll(ZOD_IMPORT)].map((m) => m[1]);
    expect(new Set(specifiers)).toEqual(new Set(['zod/mini', 'zod/v4/locales/en.js']));
  });

  it('says in English what was expected and what came: a refused webhook, a bad config', () => {
    const order = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tests/fixtures/webhooks/shopify/orders-create.json'), 'utf8'));
    const parsed = adapterFor('shopify').parse({
      headers: { 'x-shopify-topic': 'orders/create' },
      rawBody: Buffer.from(JSON.stringify({ ...order, updated_at: 1752145200 })),
    });
    expect(parsed).toEqual({ kind: 'invalid', message: 'orders/create payload: updated_at: Invalid input: expected string, received number' });
    expect(() => parseDeploymentConfig({ ...DEFAULT_CONFIG, maxBodyBytes: '1 MB' })).toThrow(
      'maxBodyBytes: Invalid input: expected number, received string',
    );
  });

  it('no Lambda bundle carries classic zod or a locale other than English', async () => {
    const config = parseDeploymentConfig(DEFAULT_CONFIG);
    const carried: Record<string, { classic: string[]; locales: string[] }> = {};
    for (const fn of FUNCTION_NAMES) {
      const built = await build({ ...esbuildOptions(config), entryPoints: [handlerEntry(fn)], write: false, outdir: '/bundle', logLevel: 'silent', metafile: true });
      const inputs = Object.keys(Object.values(built.metafile.outputs)[0]?.inputs ?? {}).filter((p) => p.includes('node_modules/zod/'));
      carried[fn] = {
        classic: inputs.filter((p) => /node_modules\/zod\/(v4\/classic|v3|index\.js|v4\/index\.js)/.test(p)),
        locales: inputs.filter((p) => p.includes('/locales/')).map((p) => p.replace(/^.*\/locales\//, '')),
      };
    }
    const lean = Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, { classic: [], locales: ['en.js'] }]));
    expect(carried, 'classic zod costs ~97 KB a bundle; a dependency may pull it in too (see which input imports it in the metafile)').toEqual(lean);
  }, 120_000);
});
