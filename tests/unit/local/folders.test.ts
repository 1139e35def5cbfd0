/**
 * The local runtime's folders on disk (a temporary data folder, a virtual clock): raw mail filed
 * under its store and swept after that store's retention, files swept after theirs, keys that
 * cannot climb out of the folder.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFolder } from '../../../functions/local/file-folder.ts';
import { RawMailFolder } from '../../../functions/local/raw-mail-folder.ts';
import { VirtualClock } from '../../../functions/shared/clock.ts';

const DAY = 86_400_000;
const days = (label: string | null) => (label === 'short' ? 10 : label === '_none' ? 30 : 90);

describe('the raw-mail folder', () => {
  it('files a message under its store and sweeps it after that store’s retention', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'followup-inbound-'));
    const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'));
    const folder = new RawMailFolder(dir, clock);
    const short = await folder.save(Buffer.from('short store'));
    const none = await folder.save(Buffer.from('no conversation'));
    const unfiled = await folder.save(Buffer.from('never filed'));
    await folder.label(short, 'short');
    await folder.label(none, null);
    expect((await readdir(dir)).sort()).toEqual(['_none', 'short', `${unfiled}.eml`].sort());
    expect((await folder.find(short))?.toString()).toBe('short store');

    clock.set(new Date(clock.now().getTime() + 11 * DAY));
    expect(await folder.sweep(clock.now(), days)).toBe(1);
    expect(await folder.find(short)).toBeNull();
    expect(await folder.find(none)).not.toBeNull();

    clock.set(new Date(clock.now().getTime() + 20 * DAY));
    expect(await folder.sweep(clock.now(), days)).toBe(1);
    expect(await folder.find(none)).toBeNull();
    expect((await folder.find(unfiled))?.toString()).toBe('never filed');

    await folder.erase([unfiled, 'not-there', '../etc']);
    expect(await folder.find(unfiled)).toBeNull();
  });
});

describe('the file folder', () => {
  it('keeps files under their keys, sweeps a prefix by age, and refuses keys that climb out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'followup-files-'));
    const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'));
    const files = new FileFolder(dir, clock);
    await files.put('payloads/a/shopify/1/x.json', Buffer.from('{"old":1}'), 'application/json');
    clock.set(new Date(clock.now().getTime() + 5 * DAY));
    await files.put('payloads/a/shopify/2/y.json', Buffer.from('{"new":1}'), 'application/json');
    await files.put('exports/a/k.json', Buffer.from('{}'), 'application/json');

    expect(await files.sweep('payloads/a/', clock.now(), 3)).toBe(1);
    expect(await files.get('payloads/a/shopify/1/x.json')).toBeNull();
    expect((await files.get('payloads/a/shopify/2/y.json'))?.toString()).toBe('{"new":1}');
    expect(await files.get('exports/a/k.json')).not.toBeNull();

    await expect(files.put('../outside.json', Buffer.from('x'), 'text/plain')).rejects.toThrow(/not a file key/);
    await expect(files.get('payloads/../../etc/passwd')).rejects.toThrow(/not a file key/);
  });
});
