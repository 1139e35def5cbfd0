/**
 * The mail viewer at /dev/mail, in headless Chromium: the outbox as a list, search, filter by
 * address, one message as text, HTML (sandboxed), headers and raw source, and the clear button.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser.ts';
import { shopifyOrder } from '../../support/purchases.ts';
import { startTestRuntime, type TestRuntime } from '../../support/runtime.ts';

// Monday 2026-11-23, 10:00 in New York.
const START = '2026-11-23T15:00:00.000Z';
let rt: TestRuntime;
let browser: Browser;
let page: Page;
let tracker: Server;
let trackerHits = 0;

/** A message with an HTML part that tries to run a script and to load an image from a server of ours. */
async function sendHostileHtml(trackerUrl: string): Promise<void> {
  const raw = await new MailComposer({
    from: 'Mallory <mallory@example.net>',
    to: 'grace@example.com',
    subject: 'Rich mail with a script',
    text: 'The text part.',
    html:
      '<p id="marker">the script did not run</p>' +
      '<script>document.getElementById("marker").textContent = "the script ran"; try { parent.document.title = "taken over"; } catch (e) {}</script>' +
      `<img src="${trackerUrl}/tracker.gif" alt="">`,
  })
    .compile()
    .build();
  const ses = new SESClient({ endpoint: rt.ses.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
}

beforeAll(async () => {
  // First: without Chromium the file fails at once, saying how to install it.
  browser = await launchChromium();
  page = await browser.newPage();
  rt = await startTestRuntime({ clockStart: START });
  await rt.shopify('orders/create', shopifyOrder({ id: '7100001', email: 'ada@example.com', firstName: 'Ada', at: START, name: '#7101' }));
  await rt.shopify('orders/create', shopifyOrder({ id: '7100002', email: 'lin@example.com', firstName: 'Lin', at: START, name: '#7102' }));
  await rt.advance('P1D');
  tracker = createServer((_req, res) => {
    trackerHits += 1;
    res.end();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  await sendHostileHtml(`http://127.0.0.1:${(tracker.address() as AddressInfo).port}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
  tracker?.close();
});

const rows = () => page.locator('tbody tr');

describe('the mail viewer', () => {
  it('lists the outbox, newest first, with recipient, subject, time and stage', async () => {
    await page.goto(`${rt.url}/dev/mail`);
    expect(await page.title()).toContain('followup mail');
    await expect.poll(() => rows().count()).toBe(3);
    expect(await rows().first().textContent()).toContain('Rich mail with a script');
    const ada = rows().filter({ hasText: 'ada@example.com' });
    expect(await ada.count()).toBe(1);
    const cells = await ada.locator('td').allTextContents();
    expect(cells[0]).toMatch(/^2026-11-2[34] \d\d:\d\d UTC$/);
    expect(cells[3]).toBe('thank-you');
  });

  it('searches and filters by address', async () => {
    await page.goto(`${rt.url}/dev/mail`);
    await page.getByLabel('Search').fill('script');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('grace@example.com');

    await page.goto(`${rt.url}/dev/mail`);
    await page.getByRole('link', { name: 'lin@example.com' }).click();
    expect(new URL(page.url()).searchParams.get('to')).toBe('lin@example.com');
    expect(await rows().count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('1 of 3 messages to lin@example.com');
  });

  it('shows one message as text, HTML, headers and raw source', async () => {
    await page.goto(`${rt.url}/dev/mail?to=ada@example.com`);
    await rows().first().locator('td a').last().click();
    const summary = await page.locator('dl').textContent();
    expect(summary).toContain('ada@example.com');
    expect(summary).toContain('Sarah');

    await page.getByRole('link', { name: 'Text', exact: true }).click();
    expect(await page.locator('#text').textContent()).toContain('Ada');

    await page.getByRole('link', { name: 'HTML', exact: true }).click();
    const frame = page.frameLocator('#html');
    expect(await frame.locator('body').textContent()).toContain('Ada');

    await page.getByRole('link', { name: 'Headers' }).click();
    expect(await page.locator('#headers').textContent()).toContain('list-unsubscribe');

    await page.getByRole('link', { name: 'Raw source' }).click();
    const raw = await page.locator('#raw').textContent();
    expect(raw).toMatch(/^Message-ID: <[^>]+@email\.amazonses\.com>/im);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('never runs a script in a mail, and loads nothing from the network for it', async () => {
    await page.goto(`${rt.url}/dev/mail?q=script`);
    await rows().first().locator('td a').last().click();
    await page.getByRole('link', { name: 'HTML', exact: true }).click();
    expect(await page.locator('#html').getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('#html');
    expect(await frame.locator('#marker').textContent()).toBe('the script did not run');
    expect(await page.title()).not.toBe('taken over');
    expect(trackerHits).toBe(0);
  });

  it('empties the outbox with the clear button', async () => {
    await page.goto(`${rt.url}/dev/mail`);
    await page.getByRole('button', { name: 'Clear outbox' }).click();
    await page.waitForURL(`${rt.url}/dev/mail`);
    expect(await page.locator('main').textContent()).toContain('No mail yet');
    expect(await rt.outbox()).toEqual([]);
  });
});
