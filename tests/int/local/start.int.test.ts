import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../../functions/core/domain/store.ts';
import { LOCK_FILE } from '../../../functions/local/data-lock.ts';
import { startRuntime } from '../../../functions/local/runtime.ts';
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

  it('refuses a second runtime on the same data folder, saying which process holds it, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'followup-data-'));
    // This test's own process is alive: it stands for a runtime already using the folder.
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    const run = start({ FOLLOWUP_DATA_DIR: dir, PORT: '0', SMTP_PORT: '0' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`followup could not start: another followup runtime (process ${process.pid}) is using ${dir}`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('prints the stack of a start-up error only when DEBUG is set', () => {
    const run = start({ PORT: 'eighty', DEBUG: '1', FOLLOWUP_DATA_DIR: mkdtempSync(join(tmpdir(), 'followup-data-')) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT must be a port number, not "eighty"');
    expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe('the data folder lock', () => {
  const config = parseDeploymentConfig(DEFAULT_CONFIG);
  const startOn = (dataDir: string) =>
    startRuntime({ config, port: 0, smtpPort: 0, dataDir, clockStart: new Date('2026-11-23T15:00:00Z'), secrets: config.localSecrets, logLevel: 'silent' });

  it('takes over a lock left by a process that is gone, and holds it against a second runtime until it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'followup-data-'));
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${gone.stdout}\n`);

    const runtime = await startOn(dir);
    try {
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
      await expect(startOn(dir)).rejects.toThrow(`another followup runtime (this process) is using ${dir}`);
      expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
    } finally {
      await runtime.stop();
    }
    const again = await startOn(dir);
    await again.stop();
  }, 90_000);
});
