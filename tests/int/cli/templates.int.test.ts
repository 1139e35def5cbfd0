/**
 * The store owner's tools, run as a store owner runs them: `node bin/followup.js …`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../functions/shared/default-config.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'followup-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function followup(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.FOLLOWUP_CONFIG;
  delete env.FOLLOWUP_TEMPLATES_DIR;
  const run = spawnSync(process.execPath, ['bin/followup.js', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function configFile(name: string, templates: unknown): string {
  const path = join(work, name);
  const [store] = DEFAULT_CONFIG.stores;
  writeFileSync(path, JSON.stringify({ ...DEFAULT_CONFIG, stores: [{ ...store, templates }] }, null, 2));
  return path;
}

describe('followup templates check', () => {
  it('passes the shipped templates and says so', () => {
    const run = followup('templates', 'check');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Store northwind: 36 phrasings, \d+ notes rendered for \d+ sample orders\.$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('All notes pass.');
    expect(run.code).toBe(0);
  });

  it('fails on a broken override in a config file, naming the template and line', () => {
    const path = configFile('broken.json', {
      'check-in': {
        en: [{ subject: 'Your {{ product }}', body: ['Hi {{ customer.first_name | default: "there" }},', '', 'Hi {{ customer.frist_name }}, all good?', '', '{{ signer.name }}'] }],
      },
    });
    const run = followup('templates', 'check', '--config', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'stores.northwind.templates.check-in.en[0].body:3: unknown variable customer.frist_name (see templates/README.md for the variables) [every sample]',
    );
    expect(run.stdout).toContain("34 phrasings (1 from the store's config)");
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 problem found.');
  });

  it('fails on an override that breaks a rule, naming the rule', () => {
    const path = configFile('rude.json', {
      'thank-you': { en: [{ subject: 'THANK YOU FOR YOUR ORDER', body: 'Dear Customer,\n\nThanks.\n\nSarah' }] },
    });
    const run = followup('templates', 'check', '--config', path);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('stores.northwind.templates.thank-you.en[0].subject: the subject shouts');
    expect(run.stdout).toContain('stores.northwind.templates.thank-you.en[0].body:1: "Dear Customer" in the body');
    expect(run.stdout).toContain('stores.northwind.templates.thank-you.en[0]: no question');
  });

  it('explains a config that is not valid', () => {
    const path = join(work, 'invalid.json');
    writeFileSync(path, JSON.stringify({ ...DEFAULT_CONFIG, stores: [{ ...DEFAULT_CONFIG.stores[0], templates: { 'check-in': { en: [] } } }] }));
    const run = followup('templates', 'check', '--config', path);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stores[0].templates.check-in.en');
  });
});

describe('followup preview', () => {
  it('prints the email as it would be sent: headers, then the body', () => {
    const run = followup('preview', '--stage', 'check-in');
    expect(run.code).toBe(0);
    const [headers, body] = run.stdout.split('\n\n', 2) as [string, string];
    expect(headers.split('\n')).toEqual([
      'From: "Sarah at Northwind Home" <sarah@northwind.example>',
      'To: "Emma" <emma@example.com>',
      'Reply-To: "Sarah at Northwind Home" <reply+REPLY-TOKEN-SIGNED-AT-SEND-TIME@in.northwind.example>',
      expect.stringMatching(/^Subject: \S/),
      'List-Unsubscribe: <http://localhost:3000/unsubscribe?t=UNSUBSCRIBE-TOKEN-SIGNED-AT-SEND-TIME>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ]);
    expect(body).toMatch(/^(Hi|Hello) Emma,$/);
    expect(run.stdout).toContain('linen duvet cover');
    expect(run.stdout).toMatch(/\nSarah\nNorthwind Home\n\n--\nRather not get notes like this after an order\? http/);
  });

  it('previews a sample customer in another language, signed by the owner for a loyal customer', () => {
    const run = followup('preview', '--stage', 'thank-you', '--lang', 'de', '--sample', 'long-time');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('From: "Tom von Northwind Home" <tom@northwind.example>');
    expect(run.stdout).toMatch(/\n\n(Hallo|Hi) Lena,\n/);
    expect(run.stdout).toMatch(/\nTom\nNorthwind Home\n/);
  });

  it('previews an order from a file, in the language the customer shopped in', () => {
    const path = join(work, 'order.json');
    writeFileSync(
      path,
      JSON.stringify({
        orderName: '#2001',
        email: 'claire@example.fr',
        firstName: 'claire',
        lastName: 'Martin',
        locale: 'fr-FR',
        address: { country: 'FR', region: null, city: 'Lyon', latitude: null, longitude: null },
        items: [{ title: 'Lampe de table en céramique', variant: null, quantity: 1, sku: null, productId: null, unitPriceMinor: 11900 }],
        totalMinor: 11900,
        currency: 'EUR',
        createdAt: '2025-03-01T10:00:00Z',
        test: false,
      }),
    );
    const run = followup('preview', '--stage', 'shipped', '--order', path, '--html');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('To: "claire" <claire@example.fr>'); // as typed; the note tidies it
    expect(run.stdout).toMatch(/\n\nBonjour Claire,\n/);
    expect(run.stdout).toContain('votre lampe de table en céramique');
    expect(run.stdout).toContain('--- HTML part ---\n<p>Bonjour Claire,</p>');
  });

  it('previews a raw Shopify order too', () => {
    const path = join(work, 'shopify-order.json');
    writeFileSync(
      path,
      JSON.stringify({
        order: {
          id: 5550001112223334444,
          name: '#1001',
          email: 'lena@example.de',
          created_at: '2025-03-01T10:00:00+01:00',
          currency: 'EUR',
          total_price: '169.00',
          customer_locale: 'de-DE',
          customer: { first_name: 'Lena', last_name: 'Fischer' },
          line_items: [
            { title: 'Leinen-Bettbezug', name: 'Leinen-Bettbezug - 155 x 220 / Salbei', variant_title: '155 x 220 / Salbei', quantity: 1, sku: 'NW-BB-155', product_id: 123, price: '169.00' },
          ],
        },
      }),
    );
    const run = followup('preview', '--stage', 'check-in', '--order', path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('To: "Lena" <lena@example.de>');
    expect(run.stdout).toContain('deine Bestellung mit Leinen-Bettbezug');
  });

  it('explains what is wrong with the arguments', () => {
    const run = followup('preview', '--stage', 'later');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--stage must be one of thank-you, shipped, check-in');
  });
});
