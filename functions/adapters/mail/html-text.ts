/**
 * HTML mail as text, with the quoting containers mail clients mark cut out of the token stream:
 * Gmail's gmail_quote and gmail_signature, Apple Mail's and Thunderbird's blockquote type=cite
 * and moz-cite-prefix, Yahoo's yahoo_quoted, Outlook's divRplyFwdMsg, appendonsend,
 * OLK_SRC_BODY_SECTION and its border-top separator, Hotmail's stopSpelling rule, Zimbra's
 * zwchr, GMX/Web.de's name="quote", Yandex's data-marker.
 *
 * htmlparser2's Tokenizer reads the HTML in one linear pass (entities, comments, script and
 * style as raw text); the element stack is kept here, bounded in depth and in how far a closing
 * tag is looked for, so that deeply nested or unbalanced HTML costs linear time too.
 */
import { Tokenizer } from 'htmlparser2';
import { LIMITS } from './limits.ts';

export interface HtmlReading {
  /** The text before the first quoting container or separator. */
  reply: string;
  /** The text outside every quoting container, up to the first separator (for replies written under the quote). */
  unquoted: string;
  /** All the text. */
  whole: string;
}

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const HIDDEN = new Set(['script', 'style', 'title', 'template', 'noscript', 'xml', 'svg', 'math', 'select', 'object', 'iframe', 'textarea']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'caption',
]);
const CELL = new Set(['td', 'th']);
/** Attributes that say what an element is; the rest are not kept. */
const WANTED = new Set(['class', 'id', 'style', 'name', 'type', 'data-smartmail', 'data-marker']);
/** How far down the stack a closing tag looks for its element. */
const CLOSE_REACH = 32;

const QUOTE_CLASSES = new Set(['gmail_quote', 'gmail_quote_container', 'gmail_signature', 'yahoo_quoted', 'moz-cite-prefix', 'moz-signature', 'protonmail_quote', 'zmail_extra', 'zmail_extra_hr']);
const SEPARATOR_IDS = new Set(['divrplyfwdmsg', 'appendonsend', 'olk_src_body_section', 'stopspelling', 'zwchr', 'mail-editor-reference-message-container']);
const SEPARATOR_CLASSES = new Set(['outlookmessageheader', 'moz-forward-container']);

type Role = 'container' | 'separator' | null;

/** Outlook Web prefixes class names and ids with "x_" when it quotes a message. */
const unprefixed = (token: string) => token.toLowerCase().replace(/^x_/, '');

export function roleOf(name: string, attribs: Record<string, string>): Role {
  if (name === 'blockquote') return 'container';
  if (!attribs.id && !attribs.class && !attribs.style && !attribs.name && !attribs['data-smartmail'] && !attribs['data-marker']) return null;
  const id = unprefixed(attribs.id ?? '');
  const classes = (attribs.class ?? '').split(/\s+/).map(unprefixed);
  if (SEPARATOR_IDS.has(id) || classes.some((c) => SEPARATOR_CLASSES.has(c))) return 'separator';
  if (classes.some((c) => QUOTE_CLASSES.has(c)) || id.startsWith('yahoo_quoted')) return 'container';
  if (/^(quote|quoted-content)$/i.test(attribs.name ?? '') || /gmail_signature/i.test(attribs['data-smartmail'] ?? '')) return 'container';
  if (/^__(quoted_text|signature)__$/i.test(attribs['data-marker'] ?? '')) return 'container';
  if (name === 'div' && attribs.style) {
    // Outlook: border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in; Windows Mail: border-top-style: solid.
    const style = attribs.style.toLowerCase().replace(/\s+/g, '');
    if (/border-top(-style)?:solid/.test(style) && style.includes('padding')) return 'separator';
  }
  return null;
}

const SPACE = /[ \t\n\r\f\u00a0]/;
const SPACES = /[ \t\n\r\f\u00a0]+/g;

/** Text collected up to a limit: runs of white space become one space, blocks become line breaks. */
class Sink {
  private readonly parts: string[] = [];
  private size = 0;
  private space = false;
  private breaks = 0;

  constructor(private readonly limit: number) {}

  text(chunk: string, pre: boolean): void {
    if (this.size >= this.limit) return;
    // A no-break space separates words like any other; runs of white space show as one.
    const spaced = !pre && SPACE.test(chunk);
    const collapsed = spaced ? chunk.replace(SPACES, ' ') : chunk;
    if (spaced && collapsed.startsWith(' ')) this.space = true;
    const words = spaced ? collapsed.trim() : collapsed;
    if (!words) return;
    if (this.size > 0 && this.breaks > 0) this.push('\n'.repeat(Math.min(this.breaks, 2)));
    else if (this.size > 0 && this.space) this.push(' ');
    this.push(words);
    this.space = spaced && collapsed.endsWith(' ');
    this.breaks = 0;
  }

  /** A block starts or ends: at least one line break. */
  block(): void {
    this.breaks = Math.max(this.breaks, 1);
    this.space = false;
  }

  /** `<br>`: one more line break. */
  lineBreak(): void {
    this.breaks = Math.min(this.breaks + 1, 2);
    this.space = false;
  }

  private push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }

  toString(): string {
    return this.parts.join('').slice(0, this.limit);
  }
}

interface Frame {
  name: string;
  hidden: boolean;
  container: boolean;
  pre: boolean;
}

export function readHtml(html: string, limit: number = LIMITS.scannedText): HtmlReading {
  const source = html.slice(0, LIMITS.html);
  const reply = new Sink(limit);
  const unquoted = new Sink(limit);
  const whole = new Sink(limit);
  const stack: Frame[] = [];
  let hidden = 0;
  let containers = 0;
  let pre = 0;
  /** Elements past the depth limit: opened but not tracked. */
  let untracked = 0;
  let cut = false;
  let separated = false;

  let tagName = '';
  let attribs: Record<string, string> = {};
  let attribName = '';
  let attribValue = '';

  const none: Sink[] = [];
  const wholeOnly = [whole];
  const text = (chunk: string) => {
    // A separator ends both the reply and the unquoted text; a container only hides what is in it.
    const sinks = hidden > 0 ? none : containers > 0 || separated ? wholeOnly : cut ? [whole, unquoted] : [whole, unquoted, reply];
    for (const sink of sinks) sink.text(chunk, pre > 0);
  };
  const block = (lineBreak = false) => {
    for (const sink of [reply, unquoted, whole]) {
      if (lineBreak) sink.lineBreak();
      else sink.block();
    }
  };

  const open = () => {
    const name = tagName;
    const role = roleOf(name, attribs);
    if (role && hidden === 0) {
      cut = true;
      if (role === 'separator') separated = true;
    }
    if (name === 'br') block(true);
    else if (BLOCK.has(name)) block();
    else if (CELL.has(name)) text(' ');
    if (VOID.has(name)) return;
    if (stack.length >= LIMITS.htmlDepth) {
      untracked++;
      return;
    }
    const frame: Frame = { name, hidden: HIDDEN.has(name), container: role === 'container', pre: name === 'pre' };
    stack.push(frame);
    if (frame.hidden) hidden++;
    if (frame.container) containers++;
    if (frame.pre) pre++;
  };

  const close = (name: string) => {
    if (name === 'br') return block(true);
    if (BLOCK.has(name)) block();
    if (VOID.has(name)) return;
    for (let k = stack.length - 1; k >= 0 && k >= stack.length - CLOSE_REACH; k--) {
      if (stack[k]!.name !== name) continue;
      while (stack.length > k) {
        const frame = stack.pop()!;
        if (frame.hidden) hidden--;
        if (frame.container) containers--;
        if (frame.pre) pre--;
      }
      return;
    }
    if (untracked > 0) untracked--;
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        tagName = source.slice(start, end).toLowerCase();
        attribs = {};
      },
      onattribname(start, end) {
        attribName = source.slice(start, end).toLowerCase();
        attribValue = '';
      },
      onattribdata(start, end) {
        if (WANTED.has(attribName) && attribValue.length < 1_000) attribValue += source.slice(start, Math.min(end, start + 1_000));
      },
      onattribentity(codepoint) {
        if (WANTED.has(attribName) && attribValue.length < 1_000) attribValue += String.fromCodePoint(codepoint);
      },
      onattribend() {
        if (WANTED.has(attribName) && !(attribName in attribs)) attribs[attribName] = attribValue;
      },
      onopentagend() {
        open();
      },
      onselfclosingtag() {
        // HTML ignores "/>" except on void elements, which close anyway.
        open();
      },
      onclosetag(start, end) {
        close(source.slice(start, end).toLowerCase());
      },
      ontext(start, end) {
        text(source.slice(start, end));
      },
      ontextentity(codepoint) {
        text(String.fromCodePoint(codepoint));
      },
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(source);
  tokenizer.end();
  return { reply: reply.toString(), unquoted: unquoted.toString(), whole: whole.toString() };
}
