/** The small pages behind an unsubscribe link: plain, readable, no tracking, no scripts. */
import { escapeHtml } from '../shared/http.ts';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1rem;border:1px solid #444;border-radius:4px;background:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}

export function confirmPage(storeName: string): string {
  const name = escapeHtml(storeName);
  return page(
    `Unsubscribe from ${storeName}`,
    `<h1>Stop notes from ${name}?</h1>
<p>You will no longer get personal notes from ${name} after your orders.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
  );
}

export function donePage(storeName: string): string {
  const name = escapeHtml(storeName);
  return page(`Unsubscribed`, `<h1>You're unsubscribed</h1><p>${name} will not send you these notes any more.</p>`);
}

export function invalidPage(): string {
  return page('Link not valid', `<h1>This link is not valid</h1><p>Please use the link from the email you received.</p>`);
}
