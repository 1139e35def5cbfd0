/** The small pages behind an unsubscribe link: plain, readable, no tracking, no scripts, in the store's language. */
import type { Language } from '../core/domain/store.ts';
import { staffWords } from '../core/domain/words/staff-words.ts';
import { escapeHtml } from '../shared/http.ts';

function page(title: string, body: string, language: Language): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1rem;border:1px solid #444;border-radius:4px;background:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}

export function confirmPage(storeName: string | null, language: Language = 'en'): string {
  const w = staffWords(language).unsubscribe;
  const store = storeName ?? w.thisShop;
  return page(
    w.confirmTitle(store),
    `<h1>${escapeHtml(w.confirmHeading(store))}</h1>
<p>${escapeHtml(w.confirmBody(store))}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(w.button)}</button></form>`,
    language,
  );
}

export function donePage(storeName: string | null, language: Language = 'en'): string {
  const w = staffWords(language).unsubscribe;
  return page(w.doneTitle, `<h1>${escapeHtml(w.doneHeading)}</h1><p>${escapeHtml(w.doneBody(storeName ?? w.thisShop))}</p>`, language);
}

export function invalidPage(language: Language = 'en'): string {
  const w = staffWords(language).unsubscribe;
  return page(w.invalidTitle, `<h1>${escapeHtml(w.invalidHeading)}</h1><p>${escapeHtml(w.invalidBody)}</p>`, language);
}
