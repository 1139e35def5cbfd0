/**
 * The console's privacy page: answer a customer's request for their data, or erase them, whatever
 * platform they bought through. Server-rendered, no scripts, like the rest of the console.
 */
import type { StoreConfig } from '../core/domain/store.ts';
import { escapeHtml as h } from '../shared/http.ts';
import { page } from './console-pages.ts';

export function privacyPage(input: { stores: StoreConfig[]; csrf: string; notice?: string; done?: { store: string; counts: Record<string, number> } }): string {
  const options = input.stores.map((s) => `<option value="${h(s.id)}">${h(s.name)}</option>`).join('');
  const input_ = 'font:inherit;padding:.4rem;width:100%;box-sizing:border-box';
  const fields = (form: string) => `<p><label for="${form}-store">Store</label><br><select id="${form}-store" name="store">${options}</select></p>
<p><label for="${form}-email">The customer's email address</label><br><input id="${form}-email" name="email" type="email" required style="${input_}"></p>
<p><label for="${form}-by">Your name, for the record</label><br><input id="${form}-by" name="by" type="text" maxlength="120" style="${input_}"></p>
<input type="hidden" name="csrf" value="${h(input.csrf)}">`;
  const done = input.done
    ? `<p class="notice">Erased from ${h(input.done.store)}: ${Object.entries(input.done.counts)
        .map(([kind, n]) => `${n} ${h(kind)}`)
        .join(', ')}.</p>`
    : '';
  const body = `${input.notice ? `<p class="notice">${h(input.notice)}</p>` : ''}${done}
<div class="card"><h2 style="font-size:1rem;margin-top:0">Everything held about a customer</h2>
<p class="meta">One JSON file with their orders, notes, conversations, escalations and received mail: what to send a customer who asks for their data.</p>
<form method="post" action="/console/privacy/export">${fields('export')}<p><button class="primary">Download their data</button></p></form></div>
<div class="card"><h2 style="font-size:1rem;margin-top:0">Erase a customer</h2>
<p class="meta">Deletes everything held about them in that store, from every platform, at once. Their unsubscribe stays (kept by a hash of the address, not the address). This cannot be undone.</p>
<form method="post" action="/console/privacy/erase">${fields('erase')}
<p><label><input type="checkbox" name="confirm" value="yes" required> I understand this cannot be undone</label></p>
<p><button>Erase</button></p></form></div>`;
  // The privacy page is in English whatever the store's language, like the data it describes.
  return page('Privacy', body, 'en', { csrf: input.csrf });
}
