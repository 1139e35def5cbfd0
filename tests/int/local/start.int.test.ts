import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start', () => {
  it('stops at once on a bad store config, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'followup-config-'));
    const path = join(dir, 'followup.config.json');
    const bad = { ...DEFAULT_CONFIG, stores: [{ ...DEFAULT_CONFIG.stores[0], timeZone: 'Europe/Atlantis' }] };
    writeFileSync(path, JSON.stringify(bad));
    const run = start({ FOLLOWUP_CONFIG: path, FOLLOWUP_DATA_DIR: join(dir, 'data') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path} is not valid`);
    expect(run.stderr).toContain('stores[0].timeZone: an IANA time zone');
  });

  it('refuses a port that is not a number', () => {
    const run = start({ PORT: 'eighty', FOLLOWUP_DATA_DIR: mkdtempSync(join(tmpdir(), 'followup-data-')) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT must be a port number, not "eighty"');
  });
});
