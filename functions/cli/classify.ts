/**
 * `followup classify FILE.eml` (or `-` for standard input): the parsing, quote stripping and
 * classification the inbound handler uses, on one message, as one line of JSON. With
 * `--explain`, the same reading told step by step: the stripped text, the sentences, what was
 * found in each and why the decision was made.
 */
import { readFile } from 'node:fs/promises';
import { readMail } from '../adapters/mail/read-mail.ts';
import { classifyReply, type Classification, type ClassifyTrace } from '../core/domain/classify.ts';

export class MailFileError extends Error {
  override name = 'MailFileError';
}

async function readInput(path: string): Promise<Buffer> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw new MailFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function readMessage(path: string) {
  const raw = await readInput(path);
  if (raw.length === 0) throw new MailFileError(`${path === '-' ? 'standard input' : path} is empty: give a raw RFC 5322 message`);
  return readMail(raw);
}

export async function classifyFile(path: string): Promise<Classification> {
  return classifyReply(await readMessage(path));
}

/** The same classification, with the trace of how it was reached. */
export async function explainFile(path: string): Promise<Classification & { trace: ClassifyTrace }> {
  return classifyReply(await readMessage(path), { trace: true });
}

export function formatExplanation(result: Classification & { trace: ClassifyTrace }): string {
  const { trace, findings: _findings, ...summary } = result;
  const indent = (text: string, by = '    ') => text.split('\n').map((l) => `${by}${l}`).join('\n');
  const lines = ['Stripped text (the customer’s words):', indent(result.strippedText || '(nothing)'), ''];
  if (trace.text !== result.strippedText) lines.push('Read (quoted lines left out, a new subject put first):', indent(trace.text || '(nothing)'), '');
  const scores = Object.entries(trace.languageScores).map(([l, s]) => `${l} ${s}`).join(', ');
  lines.push(`Language: ${result.language ?? 'not clear'} (scores ${scores}; read in ${trace.readIn.join(', ') || '—'})`, '');
  lines.push('Sentences:');
  if (trace.sentences.length === 0) lines.push('    (none)');
  trace.sentences.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.text}${s.asks ? '   [asks]' : ''}`);
    for (const f of s.findings.filter((x) => x.kind !== 'question')) {
      lines.push(`       - ${f.kind}${f.setAside ? ` (set aside: ${f.setAside})` : ''}: “${f.cue}” in “${f.phrase}” [${f.language}]`);
    }
  });
  lines.push('', 'Decision:', ...trace.steps.map((s) => `  - ${s}`), '', 'Result:', indent(JSON.stringify(summary, null, 2)));
  return `${lines.join('\n')}\n`;
}
