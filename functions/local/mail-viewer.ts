/**
 * The local runtime's mail viewer (`/dev/mail`): what the local SES endpoint has sent, as a mail
 * catcher shows it. Server-rendered, no scripts. A message's HTML part is shown in a sandboxed
 * frame from its own route, which answers with a `sandbox` policy too: scripts in a mail never
 * run, and nothing in it loads from the network.
 */
import type { OutboxSummary } from './ses/outbox.ts';
import type { SentMessage } from './ses/types.ts';
import { escapeHtml as h } from '../shared/http.ts';

/** The list shows at most this many messages, newest first; a search narrows it. */
export const LISTED = 500;

export const VIEWS = ['text', 'html', 'headers', 'raw'] as const;
export type View = (typeof VIEWS)[number];

/** The viewer's own pages: no scripts, styles inline, frames only from this origin. */
export const VIEWER_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'";
/** A mail's HTML part: sandboxed even when opened on its own, images only when embedded as data. */
export const MAIL_HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{background:#fff;border-bottom:1px solid #e2e2de;padding:.6rem 1.25rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
header h1{font-size:1.05rem;margin:0;flex:1;min-width:12rem}header h1 a{color:inherit;text-decoration:none}
main{max-width:72rem;margin:1rem auto;padding:0 1.25rem}
form{display:inline-flex;gap:.4rem;align-items:center;margin:0}
input{font:inherit;padding:.3rem .45rem;border:1px solid #bbb;border-radius:4px}
button{font:inherit;padding:.3rem .8rem;border:1px solid #333;background:#fff;border-radius:4px;cursor:pointer}
button.danger{border-color:#9b1c1c;color:#9b1c1c}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e2e2de}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #eee;vertical-align:top}
th{font-size:.78rem;color:#666;font-weight:600}
td.time{white-space:nowrap;color:#555}
.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:.6rem;background:#eee;white-space:nowrap}
.meta{color:#666;font-size:.85rem}
.card{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:.9rem 1.1rem;margin-bottom:1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .9rem;margin:0}dt{color:#666}dd{margin:0;overflow-wrap:anywhere}
nav.tabs a{display:inline-block;padding:.3rem .8rem;text-decoration:none;color:#555;border-bottom:2px solid transparent}
nav.tabs a.on{color:#000;font-weight:600;border-color:#000}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e2e2de;padding:.9rem;margin:0;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace}
iframe{width:100%;height:70vh;border:1px solid #e2e2de;background:#fff}
.empty{color:#555;padding:1.5rem;background:#fff;border:1px solid #e2e2de}
.empty code{background:#f0f0ee;padding:.05rem .3rem;border-radius:3px}
`;

function page(title: string, body: string, search: { to?: string; q?: string } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} · followup mail</title><style>${STYLE}</style></head>
<body><header><h1><a href="/dev/mail">followup · sent mail</a></h1>
<form method="get" action="/dev/mail" role="search">
<input name="q" type="search" placeholder="Search sender, recipient, subject" value="${h(search.q ?? '')}" aria-label="Search">
<input name="to" type="text" placeholder="To address" value="${h(search.to ?? '')}" aria-label="To address">
<button>Search</button></form>
<form method="post" action="/dev/mail/clear"><button class="danger" title="Delete every message in the outbox">Clear outbox</button></form>
</header><main>${body}</main></body></html>`;
}

/** "2026-11-24 14:37 UTC": the virtual clock's time, as the runtime keeps it. */
export function when(iso: string): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '';
}

function mailHref(id: string, view?: View): string {
  return `/dev/mail/${encodeURIComponent(id)}${view ? `?view=${view}` : ''}`;
}

export function listPage(input: { items: OutboxSummary[]; total: number; to?: string; q?: string; base: string }): string {
  const shown = input.items.slice(-LISTED).reverse();
  const filtered = Boolean(input.to || input.q);
  const rows = shown
    .map(
      (m) => `<tr><td class="time">${h(when(m.sentAt))}</td>
<td>${recipients(m)}</td>
<td><a href="${mailHref(m.id)}">${h(m.subject || '(no subject)')}</a><div class="meta">from ${h(m.from)}</div></td>
<td>${m.stage ? `<span class="badge">${h(m.stage)}</span>` : ''}</td></tr>`,
    )
    .join('\n');
  const heading = filtered
    ? `<p class="meta">${input.items.length} of ${input.total} messages${input.to ? ` to <strong>${h(input.to)}</strong>` : ''}${input.q ? ` matching “${h(input.q)}”` : ''} · <a href="/dev/mail">show all</a></p>`
    : `<p class="meta">${input.total} ${input.total === 1 ? 'message' : 'messages'}, newest first${input.items.length > LISTED ? ` (the newest ${LISTED} are listed; search to find older ones)` : ''}</p>`;
  const empty = filtered
    ? '<p class="empty">No message matches.</p>'
    : `<div class="empty"><p>No mail yet. Trigger an order, then move the clock:</p>
<p><code>npx followup trigger shopify orders/paid</code><br><code>curl -s ${h(input.base)}/dev/clock -H 'content-type: application/json' -d '{"advance": "P3D"}'</code></p></div>`;
  const table = rows
    ? `<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th><th>Stage</th></tr></thead><tbody>${rows}</tbody></table>`
    : empty;
  return page('Outbox', `${heading}${table}`, input);
}

function recipients(m: OutboxSummary): string {
  const addresses = m.destinations.length ? m.destinations : [m.to];
  return addresses
    .map((address) => `<a href="/dev/mail?to=${encodeURIComponent(address)}" title="Only mail to ${h(address)}">${h(address)}</a>`)
    .join('<br>');
}

export function messagePage(message: SentMessage, view: View): string {
  const tab = (name: View, label: string) =>
    `<a href="${mailHref(message.id, name)}"${view === name ? ' class="on" aria-current="page"' : ''}>${label}</a>`;
  const stage = message.tags.stage ?? message.tags.kind;
  const summary = `<div class="card"><dl>
<dt>From</dt><dd>${h(message.from)}</dd>
<dt>To</dt><dd>${h(message.to)}</dd>
${message.replyTo ? `<dt>Reply-To</dt><dd>${h(message.replyTo)}</dd>` : ''}
<dt>Subject</dt><dd><strong>${h(message.subject)}</strong></dd>
<dt>Sent</dt><dd>${h(when(message.sentAt))}${stage ? ` · <span class="badge">${h(stage)}</span>` : ''}</dd>
<dt>Message-ID</dt><dd>${h(message.messageId)}</dd>
</dl></div>`;
  const tabs = `<nav class="tabs">${tab('text', 'Text')}${tab('html', 'HTML')}${tab('headers', 'Headers')}${tab('raw', 'Raw source')}
<a href="/dev/mail/${encodeURIComponent(message.id)}/raw" download="${h(message.id)}.eml">Download .eml</a></nav>`;
  return page(message.subject || 'Message', `<p><a href="/dev/mail">← all mail</a></p>${summary}${tabs}${viewBody(message, view)}`);
}

function viewBody(message: SentMessage, view: View): string {
  switch (view) {
    case 'text':
      return `<pre id="text">${h(message.text || '(no text part)')}</pre>`;
    case 'html':
      return message.html === null
        ? '<p class="empty">This message has no HTML part.</p>'
        : `<iframe id="html" sandbox src="/dev/mail/${encodeURIComponent(message.id)}/html" title="HTML part"></iframe>`;
    case 'headers':
      return `<table id="headers"><tbody>${Object.entries(message.headers)
        .map(([name, value]) => `<tr><th>${h(name)}</th><td>${h(value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'raw':
      return `<pre id="raw">${h(Buffer.from(message.raw, 'base64').toString('utf8'))}</pre>`;
  }
}

export function notFoundPage(id: string): string {
  return page('Not found', `<p class="empty">No message ${h(id)} in the outbox. <a href="/dev/mail">All mail</a></p>`);
}

/** The messages as plain text, oldest first, for a terminal (`/dev/mail.txt`). */
export function mailText(messages: SentMessage[], to: string | undefined): string {
  if (!messages.length) return `No mail${to ? ` to ${to}` : ''} yet.\n`;
  return messages
    .map((m) => {
      const stage = m.tags.stage ?? m.tags.kind;
      const lines = [
        '-'.repeat(72),
        `Sent:     ${when(m.sentAt)}${stage ? `   (${stage})` : ''}`,
        `From:     ${m.from}`,
        `To:       ${m.to}`,
        ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
        `Subject:  ${m.subject}`,
        '',
        m.text.trimEnd(),
        '',
      ];
      return lines.join('\n');
    })
    .join('\n');
}
