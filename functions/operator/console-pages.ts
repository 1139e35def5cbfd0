/**
 * The operator console's pages: server-rendered HTML, no scripts, readable on a phone. What a
 * senior person needs to pick up a problem: who, what they wrote, the order, why it came to
 * them, by when, and the buttons to acknowledge, answer and resolve.
 */
import type { Escalation, EscalationStatus } from '../core/domain/escalation.ts';
import type { EscalationView } from '../core/use-cases/operate-escalations.ts';
import { toMajorUnits } from '../core/domain/money.ts';
import { escapeHtml as h } from '../shared/http.ts';

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{background:#fff;border-bottom:1px solid #e2e2de;padding:.75rem 1.25rem;display:flex;gap:1rem;align-items:center}
header h1{font-size:1.05rem;margin:0;flex:1}
main{max-width:60rem;margin:1.25rem auto;padding:0 1.25rem}
nav a{margin-right:1rem;text-decoration:none;color:#555}nav a.on{color:#000;font-weight:600;border-bottom:2px solid #000}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e2e2de}
th,td{text-align:left;padding:.55rem .7rem;border-bottom:1px solid #eee;vertical-align:top}
th{font-size:.8rem;color:#666;font-weight:600}
.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:.6rem;background:#eee}
.high{background:#fde2e1;color:#9b1c1c}.open{background:#fff4d6}.acknowledged{background:#e5efff}.resolved{background:#e3f4e8}
.card{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
.msg{border-left:3px solid #ccc;padding:.25rem .75rem;margin:.75rem 0;white-space:pre-wrap}
.msg.in{border-color:#d97706}.msg.out{border-color:#2563eb}
.meta{color:#666;font-size:.85rem}
form.inline{display:inline}
button{font:inherit;padding:.35rem .9rem;border:1px solid #333;background:#fff;border-radius:4px;cursor:pointer}
button.primary{background:#111;color:#fff}
textarea{width:100%;min-height:8rem;font:inherit;padding:.5rem;box-sizing:border-box}
input[type=password]{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
.empty{color:#666;padding:2rem;text-align:center;background:#fff;border:1px solid #e2e2de}
.notice{background:#fff4d6;border:1px solid #f0d48a;padding:.5rem .75rem;border-radius:4px;margin-bottom:1rem}
`;

/** The console's layout around a page's body (the privacy pages use it too). */
export function page(title: string, body: string, signedIn: { csrf: string } | null): string {
  const logout = signedIn
    ? `<form class="inline" method="post" action="/console/logout"><input type="hidden" name="csrf" value="${h(signedIn.csrf)}"><button>Sign out</button></form>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} · followup</title><style>${STYLE}</style></head>
<body><header><h1><a href="/console" style="color:inherit;text-decoration:none">followup</a> · ${h(title)}</h1>${logout}</header><main>${body}</main></body></html>`;
}

function when(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(toMajorUnits(minor, currency));
}

function badges(e: Escalation): string {
  return `<span class="badge ${e.status}">${e.status}</span>${e.priority === 'high' ? ' <span class="badge high">urgent</span>' : ''}`;
}

export function loginPage(problem?: string): string {
  return page(
    'Sign in',
    `<div class="card" style="max-width:24rem;margin:3rem auto">
<form method="post" action="/console/login">
${problem ? `<p class="notice">${h(problem)}</p>` : ''}
<p><label for="token">Operator token</label><br><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></p>
<p><button class="primary">Sign in</button></p></form></div>`,
    null,
  );
}

export function listPage(input: {
  items: Escalation[];
  status: EscalationStatus | undefined;
  csrf: string;
  timeZone: (storeId: string) => string;
  /** A section shown above the escalations (notes waiting for a decision). */
  before?: string;
}): string {
  const tab = (status: EscalationStatus | undefined, label: string) =>
    `<a href="/console${status ? `?status=${status}` : ''}"${input.status === status ? ' class="on"' : ''}>${label}</a>`;
  const rows = input.items
    .map((e) => {
      const zone = input.timeZone(e.storeId);
      return `<tr><td>${badges(e)}</td>
<td><a href="/console/escalations/${encodeURIComponent(e.id)}">${h(e.customer.name ?? e.customer.email)}</a><div class="meta">${h(e.category)}${e.order ? ` · order ${h(e.order.name)}` : ''}</div></td>
<td>${h(e.reply.text.slice(0, 140))}${e.reply.text.length > 140 ? '…' : ''}</td>
<td>${h(e.owner.name)}<div class="meta">${e.status === 'open' ? `acknowledge by ${h(when(e.dueBy, zone))}` : h(when(e.createdAt, zone))}</div></td></tr>`;
    })
    .join('\n');
  const body = `${input.before ?? ''}<nav style="margin-bottom:1rem">${tab(undefined, 'All')}${tab('open', 'Open')}${tab('acknowledged', 'Acknowledged')}${tab('resolved', 'Resolved')}</nav>
${rows ? `<table><thead><tr><th>Status</th><th>Customer</th><th>What they wrote</th><th>Owner</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="empty">Nothing here. Every customer who wrote has been looked after.</p>'}`;
  return page('Escalations', body, { csrf: input.csrf });
}

export function detailPage(input: { escalation: EscalationView; csrf: string; timeZone: string; notice?: string }): string {
  const e = input.escalation;
  const zone = input.timeZone;
  const action = (name: string, label: string, primary = false) =>
    `<form class="inline" method="post" action="/console/escalations/${encodeURIComponent(e.id)}/${name}"><input type="hidden" name="csrf" value="${h(input.csrf)}"><button${primary ? ' class="primary"' : ''}>${label}</button></form>`;
  const order = e.order
    ? `<p><strong>Order ${h(e.order.name)}</strong> · ${h(money(e.order.total, e.order.currency))} · ${h(e.order.fulfillment.replace('_', ' '))} · ${h(e.order.platform)}</p>
<ul>${e.order.items.map((i) => `<li>${h(i.title)}${i.variant ? ` (${h(i.variant)})` : ''} × ${i.quantity}</li>`).join('')}</ul>`
    : '<p class="meta">No order found for this conversation.</p>';
  const conversation = e.conversation
    .map(
      (m) => `<div class="msg ${m.direction}"><div class="meta">${m.direction === 'in' ? 'Customer' : h(m.from)} · ${h(when(m.at, zone))}${m.subject ? ` · ${h(m.subject)}` : ''}${m.category ? ` · ${h(m.category)}` : ''}</div>${h(m.text)}</div>`,
    )
    .join('\n');
  const body = `${input.notice ? `<p class="notice">${h(input.notice)}</p>` : ''}
<div class="card"><p>${badges(e)} · ${h(e.category)} · owner <strong>${h(e.owner.name)}</strong>${e.owner.role ? ` (${h(e.owner.role)})` : ''}</p>
<p class="meta">Opened ${h(when(e.createdAt, zone))}${e.status === 'open' ? ` · acknowledge by <strong>${h(when(e.dueBy, zone))}</strong>` : ''}${e.acknowledgedAt ? ` · acknowledged ${h(when(e.acknowledgedAt, zone))}` : ''}${e.resolvedAt ? ` · resolved ${h(when(e.resolvedAt, zone))}` : ''}</p>
<p><strong>${h(e.customer.name ?? '')}</strong> &lt;${h(e.customer.email)}&gt;</p>
${order}
<p class="meta">Why: ${h(e.reasons.join('; '))}</p>
<p>${e.status === 'open' ? action('ack', 'Acknowledge') : ''} ${e.status !== 'resolved' ? action('resolve', 'Resolve') : ''}</p></div>
<div class="card"><h2 style="font-size:1rem;margin-top:0">Conversation</h2>${conversation || '<p class="meta">No messages.</p>'}</div>
${
  e.status !== 'resolved'
    ? `<div class="card"><form method="post" action="/console/escalations/${encodeURIComponent(e.id)}/reply"><input type="hidden" name="csrf" value="${h(input.csrf)}">
<label for="text"><strong>Answer ${h(e.customer.name ?? 'the customer')}</strong> (sent from ${h(e.owner.name)}, in the same email thread)</label>
<textarea id="text" name="text" required></textarea><p><button class="primary">Send</button></p></form></div>`
    : ''
}`;
  return page(e.customer.name ?? e.customer.email, body, { csrf: input.csrf });
}

export function notFoundPage(csrf: string): string {
  return page('Not found', '<p class="empty">No such escalation.</p>', { csrf });
}
