/**
 * RFC 3676 format=flowed: a line ending in a space continues on the next line, but only at the
 * same quote depth. (postal-mime joins across depths, gluing "> Hi" to a bottom-posted reply,
 * so the flowed parameter is taken off before parsing and the text is unwrapped here.)
 */
const FLOWED = /;\s*format="?flowed"?/i;
const FLOWED_ALL = new RegExp(FLOWED.source, 'gi');

/** Whether the message's head says format=flowed, and whether spaces before soft breaks are deleted. */
export function flowedIn(head: string): { flowed: boolean; delSp: boolean } {
  return { flowed: FLOWED.test(head), delSp: /delsp="?yes/i.test(head) };
}

/** The raw message (as a latin1 string) without its format=flowed parameters. */
export function withoutFlowed(raw: string): string {
  return raw.replace(FLOWED_ALL, '');
}

export function unflow(text: string, delSp: boolean): string {
  const out: string[] = [];
  let open: { depth: number; text: string } | null = null;
  const emit = (o: { depth: number; text: string }) => out.push(`${'>'.repeat(o.depth)}${o.depth ? ' ' : ''}${o.text}`);
  for (const rawLine of text.replace(/\r\n/g, '\n').split('\n')) {
    let depth = 0;
    while (depth < rawLine.length && rawLine.charCodeAt(depth) === 62 /* > */) depth++;
    let line = rawLine.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1); // space-stuffing
    const flowed = line.endsWith(' ') && line !== '-- ';
    const content = flowed && delSp ? line.slice(0, -1) : line;
    if (open && open.depth === depth) open.text += content;
    else {
      if (open) emit(open);
      open = { depth, text: content };
    }
    if (!flowed) {
      emit(open);
      open = null;
    }
  }
  if (open) emit(open);
  return out.join('\n');
}
