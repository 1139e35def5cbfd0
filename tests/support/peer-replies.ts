/**
 * Scores reading mail against real messages from other projects' test suites
 * (tests/fixtures/peer-replies/<corpus>/cases.jsonl), as each corpus's README says: whitespace
 * normalised, alternatives, a kept signature or closing sign-off may be dropped, bounces and
 * auto-replies recognised, and a reply never taken for either.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readMail } from '../../functions/adapters/mail/read-mail.ts';
import { detectAutomated } from '../../functions/core/domain/inbound.ts';
import * as z from '../../functions/core/zod.ts';

export const PEER_REPLIES = fileURLToPath(new URL('../fixtures/peer-replies/', import.meta.url));

const Case = z.object({
  id: z.string(),
  source: z.string(),
  file: z.string(),
  expect: z.object({
    text: z.optional(z.string()),
    alt: z.optional(z.array(z.string())),
    signatureKept: z.optional(z.boolean()),
    compare: z.optional(z.literal('nospace')),
    autoReply: z.optional(z.boolean()),
    bounce: z.optional(z.boolean()),
  }),
  note: z.optional(z.string()),
});
export type PeerCase = z.infer<typeof Case> & { corpus: string; path: string };

/** Every case of every corpus folder that has a cases.jsonl. */
export function peerCases(root = PEER_REPLIES): PeerCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      let lines: string[];
      try {
        lines = readFileSync(`${root}${d.name}/cases.jsonl`, 'utf8').split('\n').filter((l) => l.trim());
      } catch {
        return [];
      }
      return lines.map((l) => {
        const c = Case.parse(JSON.parse(l));
        return { ...c, corpus: d.name, path: `${root}${d.name}/${c.file}` };
      });
    });
}

export function normalise(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n+/g, '\n')
    .trim();
}

const SIGNATURE_START = /^(--\s*|sent (from|with) .*)$/i;

/** The expected text with a trailing "--" block or "Sent from/with …" line taken off. */
function withoutSignature(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => SIGNATURE_START.test(l.trim()) && i > 0);
  return at > 0 ? lines.slice(0, at).join('\n') : text;
}

const VALEDICTION =
  /^(best|kind|warm|many thanks|thanks|thank you|cheers|regards|best regards|kind regards|sincerely|yours|mit freundlichen grüßen|viele grüße|liebe grüße|beste grüße|grüße|gruß|lg|vg|cordialement|bien à vous|salutations|merci|un saludo|saludos|atentamente|cordiali saluti|saluti|met vriendelijke groet|groeten|vänliga hälsningar|hälsningar|med vennlig hilsen|hilsen|mvh|pozdrawiam|с уважением|atenciosamente|abraços)\b[^\n]{0,30}$/i;

/** The expected text with its closing sign-off (a valediction and up to three short lines) taken off. */
function withoutSignOff(text: string): string {
  const lines = text.split('\n');
  for (let i = Math.max(1, lines.length - 4); i < lines.length; i++) {
    if (VALEDICTION.test(lines[i]!.trim()) && lines.slice(i + 1).every((l) => l.length <= 40)) return lines.slice(0, i).join('\n');
  }
  return text;
}

function acceptable(expect: PeerCase['expect']): string[] {
  const texts = [expect.text!, ...(expect.alt ?? [])].map(normalise);
  const out = new Set<string>();
  for (const t of texts) {
    const variants = [t, ...(expect.signatureKept ? [normalise(withoutSignature(t))] : [])];
    for (const v of variants) {
      out.add(v);
      out.add(normalise(withoutSignOff(v)));
    }
  }
  return [...out].filter(Boolean);
}

export interface PeerResult {
  case: PeerCase;
  ok: boolean;
  why: string;
  got: string;
}

export async function scoreCase(c: PeerCase): Promise<PeerResult> {
  const mail = await readMail(readFileSync(c.path));
  const automated = detectAutomated(mail);
  const got = mail.strippedText;
  const fail = (why: string): PeerResult => ({ case: c, ok: false, why, got });
  const e = c.expect;
  if (e.bounce === true && automated?.kind !== 'bounce') return fail(`not recognised as a bounce (${automated?.kind ?? 'nothing'})`);
  if (e.autoReply === true && automated?.kind !== 'auto-reply') return fail(`not recognised as an auto-reply (${automated?.kind ?? 'nothing'})`);
  if (e.bounce === false && automated?.kind === 'bounce') return fail('taken for a bounce');
  if (e.autoReply === false && automated?.kind === 'auto-reply') return fail('taken for an auto-reply');
  if (e.text !== undefined) {
    if (automated) return fail(`a reply taken for ${automated.kind}: ${automated.reasons.join(', ')}`);
    const squeeze = (s: string) => (e.compare === 'nospace' ? s.replace(/\s+/g, '') : s);
    const want = acceptable(e).map(squeeze);
    if (!want.includes(squeeze(normalise(got)))) return fail('text differs');
  }
  return { case: c, ok: true, why: '', got };
}

export interface PeerScore {
  bySource: Map<string, { right: number; total: number }>;
  right: number;
  total: number;
  results: PeerResult[];
}

/** Scores every case; per source is "corpus/source" for the shared-source corpus, the corpus name otherwise. */
export async function scorePeers(cases = peerCases()): Promise<PeerScore> {
  const results: PeerResult[] = [];
  for (const c of cases) results.push(await scoreCase(c));
  const bySource = new Map<string, { right: number; total: number }>();
  for (const r of results) {
    const key = r.case.corpus === r.case.source ? r.case.corpus : `${r.case.corpus}/${r.case.source}`;
    const s = bySource.get(key) ?? { right: 0, total: 0 };
    s.total++;
    if (r.ok) s.right++;
    bySource.set(key, s);
  }
  return { bySource, right: results.filter((r) => r.ok).length, total: results.length, results };
}
