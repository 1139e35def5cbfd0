import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PEERS = fileURLToPath(new URL('../../fixtures/peer-replies/talon-standard-replies/', import.meta.url));

function followup(args: string[], input?: string) {
  return spawnSync(process.execPath, ['bin/followup.js', ...args], { encoding: 'utf8', input, timeout: 30_000 });
}

describe('npx followup classify', () => {
  it('prints one line of JSON for a file', () => {
    const run = followup(['classify', `${PEERS}outlook.eml`]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      category: 'other',
      escalate: false,
      urgency: 'normal',
      autoReply: false,
      reasons: expect.any(Array),
      strippedText: 'Hello',
      language: 'en',
      findings: expect.any(Array),
      optOut: false,
    });
  });

  it('reads standard input with -', () => {
    const mail = ['From: a@example.com', 'Subject: Re: Your lamp', '', 'It arrived broken. I want a refund!', '', '> Is everything OK?', ''].join('\r\n');
    const run = followup(['classify', '-'], mail);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ category: 'complaint', escalate: true, strippedText: 'It arrived broken. I want a refund!' });
  });

  it('sends a genuine question to the owner, not the senior person', () => {
    const mail = ['From: a@example.com', 'Subject: Re: Your linen', '', 'How should I wash the napkins, hot or cold?', ''].join('\r\n');
    const run = followup(['classify', '-'], mail);
    expect(JSON.parse(run.stdout)).toMatchObject({ category: 'question', escalate: false });
  });

  it('explains its reading with --explain: the stripped text, the sentences and why', () => {
    const mail = ['From: a@example.com', 'Subject: Re: Your lamp', '', 'Love the colour, but the shade arrived dented.', 'Nothing else is wrong.', '', '> Is everything OK?', ''].join('\r\n');
    const run = followup(['classify', '--explain', '-'], mail);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Stripped text');
    expect(run.stdout).toContain('1. Love the colour, but the shade arrived dented.');
    expect(run.stdout).toContain('- damaged: “dented” in “the shade arrived dented” [en]');
    expect(run.stdout).toContain('set aside: negated');
    expect(run.stdout).toContain('complaint: a problem is stated');
    expect(run.stdout).toContain('"escalate": true');
  });

  it('says so when the file cannot be read', () => {
    const run = followup(['classify', '/no/such/mail.eml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot read /no/such/mail.eml');
  });
});
