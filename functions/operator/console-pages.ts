/**
 * The operator console's pages: server-rendered HTML, no scripts, readable on a phone, in the
 * store's language. What a person needs to pick up a reply: who, what they wrote (as written,
 * with the language named), the order, why it came to them, by when, and the buttons to
 * acknowledge, answer, hand over and resolve. Conversations list every reply, praise included.
 */
import type { ConversationView } from '../core/domain/conversation.ts';
import type { ConversationMessage, Escalation, EscalationStatus } from '../core/domain/escalation.ts';
import type { Language, StoreConfig } from '../core/domain/store.ts';
import { staffOf } from '../core/domain/staff.ts';
import { languageName, money, shortWhen } from '../core/domain/words/format.ts';
import { reasonsInWords } from '../core/domain/words/reasons.ts';
import { staffWords, type ConsoleWords } from '../core/domain/words/staff-words.ts';
import type { ConversationDetail } from '../core/use-cases/operate-conversations.ts';
import type { EscalationView } from '../core/use-cases/operate-escalations.ts';
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
.high{background:#fde2e1;color:#9b1c1c}.open{background:#fff4d6}.acknowledged{background:#e5efff}.resolved,.closed{background:#e3f4e8}
.card{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
.msg{border-left:3px solid #ccc;padding:.25rem .75rem;margin:.75rem 0;white-space:pre-wrap}
.msg.in{border-color:#d97706}.msg.out{border-color:#2563eb}.msg.else{border-color:#9333ea}
.meta{color:#666;font-size:.85rem}
form.inline{display:inline}
button{font:inherit;padding:.35rem .9rem;border:1px solid #333;background:#fff;border-radius:4px;cursor:pointer}
button.primary{background:#111;color:#fff}
textarea{width:100%;min-height:8rem;font:inherit;padding:.5rem;box-sizing:border-box}
input[type=password],select{font:inherit;padding:.4rem;box-sizing:border-box}
input[type=password]{width:100%}
.empty{color:#666;padding:2rem;text-align:center;background:#fff;border:1px solid #e2e2de}
.notice{background:#fff4d6;border:1px solid #f0d48a;padding:.5rem .75rem;border-radius:4px;margin-bottom:1rem}
`;

export interface PageContext {
  csrf: string;
  language: Language;
}

/** The console's layout around a page's body (the privacy pages use it too). */
export function page(title: string, body: string, language: Language, signedIn: { csrf: string } | null): string {
  const w = staffWords(language).console;
  const nav = signedIn ? `<nav><a href="/console">${h(w.escalations)}</a><a href="/console/conversations">${h(w.conversations)}</a></nav>` : '';
  const logout = signedIn
    ? `<form class="inline" method="post" action="/console/logout"><input type="hidden" name="csrf" value="${h(signedIn.csrf)}"><button>${h(w.signOut)}</button></form>`
    : '';
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} · followup</title><style>${STYLE}</style></head>
<body><header><h1><a href="/console" style="color:inherit;text-decoration:none">followup</a> · ${h(title)}</h1>${nav}${logout}</header><main>${body}</main></body></html>`;
}

function badge(status: string, w: ConsoleWords, urgent = false): string {
  const label = w.status[status as keyof ConsoleWords['status']] ?? status;
  return `<span class="badge ${h(status)}">${h(label)}</span>${urgent ? ` <span class="badge high">${h(w.urgent)}</span>` : ''}`;
}

const category = (w: ConsoleWords, c: string) => w.category[c] ?? c;

export function loginPage(language: Language, problem?: string): string {
  const w = staffWords(language).console;
  return page(
    w.signIn,
    `<div class="card" style="max-width:24rem;margin:3rem auto">
<form method="post" action="/console/login">
${problem ? `<p class="notice">${h(problem)}</p>` : ''}
<p><label for="token">${h(w.token)}</label><br><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></p>
<p><button class="primary">${h(w.signIn)}</button></p></form></div>`,
    language,
    null,
  );
}

export function listPage(input: {
  items: Escalation[];
  status: EscalationStatus | undefined;
  context: PageContext;
  timeZone: (storeId: string) => string;
  /** A section shown above the escalations (notes waiting for a decision). */
  before?: string;
}): string {
  const { language } = input.context;
  const w = staffWords(language).console;
  const tab = (status: EscalationStatus | undefined, label: string) =>
    `<a href="/console${status ? `?status=${status}` : ''}"${input.status === status ? ' class="on"' : ''}>${h(label)}</a>`;
  const rows = input.items
    .map((e) => {
      const zone = input.timeZone(e.storeId);
      const due = e.status === 'open' ? (e.category === 'question' ? w.answerByAt : w.acknowledgeByAt)(shortWhen(e.dueBy, zone, language)) : shortWhen(e.createdAt, zone, language);
      return `<tr><td>${badge(e.status, w, e.priority === 'high')}</td>
<td><a href="/console/escalations/${encodeURIComponent(e.id)}">${h(e.customer.name ?? e.customer.email)}</a><div class="meta">${h(category(w, e.category))}${e.order ? ` · ${h(e.order.name)}` : ''}</div></td>
<td>${h(e.reply.text.slice(0, 140))}${e.reply.text.length > 140 ? '…' : ''}</td>
<td>${h(e.owner.name)}<div class="meta">${h(due)}</div></td></tr>`;
    })
    .join('\n');
  const body = `${input.before ?? ''}<nav style="margin-bottom:1rem">${tab(undefined, w.all)}${tab('open', w.open)}${tab('acknowledged', w.acknowledged)}${tab('resolved', w.resolved)}</nav>
${rows ? `<table><thead><tr><th></th><th>${h(w.customerCol)}</th><th>${h(w.wroteCol)}</th><th>${h(w.ownerCol)}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="empty">${h(w.empty)}</p>`}`;
  return page(w.escalations, body, language, { csrf: input.context.csrf });
}

function messages(list: ConversationMessage[], zone: string, language: Language): string {
  const w = staffWords(language).console;
  return list
    .map((m) => {
      const who = m.direction === 'in' ? (m.someoneElse ? w.someoneElse(m.from) : w.customerSide) : m.from;
      const extra = [
        shortWhen(m.at, zone, language),
        m.subject,
        m.category && category(w, m.category),
        m.language && w.inLanguage(languageName(m.language, language)),
        m.direction === 'out' && m.status && m.status !== 'sent' && w.notSent,
      ].filter(Boolean);
      const kind = m.direction === 'in' ? (m.someoneElse ? 'in else' : 'in') : 'out';
      return `<div class="msg ${kind}"${m.language ? ` lang="${h(m.language)}"` : ''}><div class="meta">${h(who)} · ${extra.map((x) => h(String(x))).join(' · ')}</div>${h(m.text)}</div>`;
    })
    .join('\n');
}

function answerForm(action: string, label: string, csrf: string, send: string): string {
  return `<div class="card"><form method="post" action="${action}"><input type="hidden" name="csrf" value="${h(csrf)}">
<label for="text"><strong>${h(label)}</strong></label>
<textarea id="text" name="text" required></textarea><p><button class="primary">${h(send)}</button></p></form></div>`;
}

export function detailPage(input: { escalation: EscalationView; store: StoreConfig | undefined; context: PageContext; timeZone: string; notice?: string }): string {
  const e = input.escalation;
  const zone = input.timeZone;
  const { language, csrf } = input.context;
  const w = staffWords(language).console;
  const base = `/console/escalations/${encodeURIComponent(e.id)}`;
  const action = (name: string, label: string, primary = false) =>
    `<form class="inline" method="post" action="${base}/${name}"><input type="hidden" name="csrf" value="${h(csrf)}"><button${primary ? ' class="primary"' : ''}>${h(label)}</button></form>`;
  const people = input.store ? staffOf(input.store) : [];
  const reassign =
    e.status !== 'resolved' && people.length > 1
      ? `<form class="inline" method="post" action="${base}/reassign"><input type="hidden" name="csrf" value="${h(csrf)}"><label>${h(w.reassign)} <select name="to">${people
          .map((p) => `<option value="${h(p.id)}"${p.id === e.owner.email.toLowerCase() ? ' selected' : ''}>${h(p.name)}${p.role ? ` (${h(p.role)})` : ''}</option>`)
          .join('')}</select></label> <button>${h(w.to)}</button></form>`
      : '';
  const order = e.order
    ? `<p><strong>${h(e.order.name)}</strong> · ${h(money(e.order.total, e.order.currency, language))} · ${h(staffWords(language).fulfillment[e.order.fulfillment])} · ${h(e.order.platform)}</p>
<ul>${e.order.items.map((i) => `<li>${h(i.title)}${i.variant ? ` (${h(i.variant)})` : ''} × ${i.quantity}</li>`).join('')}</ul>`
    : `<p class="meta">${h(w.noOrder)}</p>`;
  const due = e.status === 'open' && !e.quietSince ? ` · <strong>${h((e.category === 'question' ? w.answerByAt : w.acknowledgeByAt)(shortWhen(e.dueBy, zone, language)))}</strong>` : '';
  const checkBack = e.checkBack
    ? `<p class="meta">${h(w.checkBack(shortWhen(e.checkBack.sentAt ?? e.checkBack.dueAt, zone, language)))}${e.checkBack.answer ? ` · ${h(w.checkBackAnswer(e.checkBack.answer.satisfied))}` : ''}</p>`
    : '';
  const history = (e.history ?? []).map((x) => `${shortWhen(x.at, zone, language)} ${x.action} (${x.by})${x.owner ? ` → ${x.owner.name}` : ''}`);
  const body = `${input.notice ? `<p class="notice">${h(input.notice)}</p>` : ''}
<div class="card"><p>${badge(e.status, w, e.priority === 'high')} · ${h(category(w, e.category))} · ${h(w.ownerLabel)} <strong>${h(e.owner.name)}</strong>${e.owner.role ? ` (${h(e.owner.role)})` : ''}</p>
<p class="meta">${h(w.opened(shortWhen(e.createdAt, zone, language)))}${due}${e.acknowledgedAt ? ` · ${h(w.acknowledgedAt(shortWhen(e.acknowledgedAt, zone, language)))}` : ''}${e.resolvedAt ? ` · ${h(w.resolvedAt(shortWhen(e.resolvedAt, zone, language)))}` : ''}</p>
<p><strong>${h(e.customer.name ?? '')}</strong> &lt;${h(e.customer.email)}&gt;</p>
${order}
<p class="meta">${h(w.why)}: ${h(reasonsInWords(e, language).join('; '))}</p>
${checkBack}
<p>${e.status === 'open' ? action('ack', w.acknowledge) : ''} ${e.status !== 'resolved' ? action('resolve', w.resolve) : ''} ${reassign}</p></div>
<div class="card"><h2 style="font-size:1rem;margin-top:0">${h(w.conversation)}</h2>${messages(e.conversation, zone, language) || `<p class="meta">${h(w.noMessages)}</p>`}</div>
${e.status !== 'resolved' ? answerForm(`${base}/reply`, w.answerLabel(e.customer.name ?? e.customer.email, e.owner.name), csrf, w.send) : ''}
${history.length ? `<div class="card"><h2 style="font-size:1rem;margin-top:0">${h(w.history)}</h2><p class="meta">${history.map(h).join('<br>')}</p></div>` : ''}`;
  return page(e.customer.name ?? e.customer.email, body, language, { csrf });
}

export function conversationsPage(input: { items: ConversationView[]; status: 'open' | 'all'; context: PageContext; timeZone: (storeId: string) => string }): string {
  const { language } = input.context;
  const w = staffWords(language).console;
  const tab = (status: 'open' | 'all', label: string) =>
    `<a href="/console/conversations?status=${status}"${input.status === status ? ' class="on"' : ''}>${h(label)}</a>`;
  const rows = input.items
    .map((c) => {
      const zone = input.timeZone(c.store);
      const words = c.lastMessage.text;
      return `<tr><td>${badge(c.status, w)}</td>
<td><a href="/console/conversations/${encodeURIComponent(c.id)}">${h(c.customer.name ?? c.customer.email)}</a><div class="meta">${h(category(w, c.category))}</div></td>
<td>${c.lastMessage.someoneElse ? `<span class="meta">${h(w.someoneElse(c.lastMessage.someoneElse))}</span><br>` : ''}${h(words.slice(0, 140))}${words.length > 140 ? '…' : ''}</td>
<td>${h(c.owner.name)}<div class="meta">${h(c.dueBy ? w.answerByAt(shortWhen(c.dueBy, zone, language)) : shortWhen(c.updatedAt, zone, language))}</div></td></tr>`;
    })
    .join('\n');
  const body = `<nav style="margin-bottom:1rem">${tab('open', w.open)}${tab('all', w.all)}</nav>
${rows ? `<table><thead><tr><th></th><th>${h(w.customerCol)}</th><th>${h(w.wroteCol)}</th><th>${h(w.ownerCol)}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="empty">${h(w.empty)}</p>`}`;
  return page(w.conversations, body, language, { csrf: input.context.csrf });
}

export function conversationPage(input: { conversation: ConversationDetail; context: PageContext; timeZone: string; notice?: string }): string {
  const c = input.conversation;
  const { language, csrf } = input.context;
  const w = staffWords(language).console;
  const base = `/console/conversations/${encodeURIComponent(c.id)}`;
  const escalation = c.escalationId ? ` · <a href="/console/escalations/${encodeURIComponent(c.escalationId)}">${h(w.escalations)}</a>` : '';
  const close = c.status === 'open' && !c.escalationStatus
    ? `<form class="inline" method="post" action="${base}/close"><input type="hidden" name="csrf" value="${h(csrf)}"><button>${h(w.closed)}</button></form>`
    : '';
  const body = `${input.notice ? `<p class="notice">${h(input.notice)}</p>` : ''}
<div class="card"><p>${badge(c.status, w)} · ${h(category(w, c.category))} · ${h(w.ownerLabel)} <strong>${h(c.owner.name)}</strong>${escalation}</p>
<p><strong>${h(c.customer.name ?? '')}</strong> &lt;${h(c.customer.email)}&gt;</p><p>${close}</p></div>
<div class="card"><h2 style="font-size:1rem;margin-top:0">${h(w.conversation)}</h2>${messages(c.messages, input.timeZone, language) || `<p class="meta">${h(w.noMessages)}</p>`}</div>
${answerForm(`${base}/reply`, w.answerLabel(c.customer.name ?? c.customer.email, c.owner.name), csrf, w.send)}`;
  return page(c.customer.name ?? c.customer.email, body, language, { csrf });
}

export function notFoundPage(context: PageContext): string {
  const w = staffWords(context.language).console;
  return page(w.notFound, `<p class="empty">${h(w.notFound)}</p>`, context.language, { csrf: context.csrf });
}
