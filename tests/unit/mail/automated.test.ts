import { describe, expect, it } from 'vitest';
import { readMail } from '../../../functions/adapters/mail/read-mail.ts';
import { bounceNames, detectAutomated } from '../../../functions/core/domain/inbound.ts';

/** A message as it arrives, read the way the inbound handler reads it. */
async function received(headers: Record<string, string>, body: string) {
  const head = Object.entries({ To: 'reply+abc@in.northwind.example', 'Content-Type': 'text/plain; charset=utf-8', ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const mail = await readMail(Buffer.from(`${head}\r\n\r\n${body.replace(/\n/g, '\r\n')}`));
  return { mail, automated: detectAutomated(mail) };
}

describe('failure notices with no report part and no X-Failed-Recipients', () => {
  it.each([
    ['Yahoo', { From: 'MAILER-DAEMON@yahoo.com', Subject: 'Failure Notice' }, 'Sorry, we were unable to deliver your message to the following address.\n\n<ada@example.com>:\n550 5.1.1 User unknown'],
    ['GMX / Exim', { From: 'MAILER-DAEMON@mail.gmx.com', Subject: 'Mail delivery failed: returning message to sender', 'Return-Path': '' }, 'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its recipients.'],
    ['qmail', { From: 'MAILER-DAEMON@mx.example.net', Subject: 'failure notice' }, "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses."],
    ['Postfix, German', { From: 'MAILER-DAEMON@mail.example.de (Mail Delivery System)', Subject: 'Unzustellbar: Ist alles gut?' }, 'Die Nachricht konnte nicht zugestellt werden.'],
    ['Exchange, French', { From: 'postmaster@example.fr', Subject: 'Non remis : Tout va bien ?' }, 'La remise à ces destinataires ou groupes a échoué :\n\nada@example.fr'],
    ['Exchange, Spanish', { From: 'postmaster@example.es', Subject: 'No se puede entregar: ¿Todo bien?' }, 'Error en la entrega a estos destinatarios o grupos:'],
    ['Exchange, Italian', { From: 'postmaster@example.it', Subject: 'Non recapitabile: Tutto bene?' }, 'Recapito non riuscito a questi destinatari o gruppi:'],
    ['Exchange, Dutch', { From: 'postmaster@example.nl', Subject: 'Onbestelbaar: Alles goed?' }, 'Bezorging is mislukt voor deze geadresseerden of groepen:'],
    ['Exchange, Portuguese', { From: 'postmaster@example.pt', Subject: 'Não entregue: Tudo bem?' }, 'Falha na entrega para estes destinatários ou grupos:'],
    ['Exchange, Swedish', { From: 'postmaster@example.se', Subject: 'Olevererbart: Allt bra?' }, 'Leveransen misslyckades till dessa mottagare eller grupper:'],
    ['Exchange, Polish', { From: 'postmaster@example.pl', Subject: 'Niedostarczalne: Wszystko dobrze?' }, 'Dostarczenie do tych adresatów lub grup nie powiodło się:'],
    ['Mail.ru, Russian', { From: 'mailer-daemon@corp.mail.ru', Subject: 'Ваше сообщение не доставлено. Mail failure.' }, 'Сообщение не доставлено.'],
    ['Gmail, relayed without its headers', { From: 'someone@example.com', Subject: 'Fwd: x' }, 'Delivery to the following recipient failed permanently:\n\n     ada@example.com'],
  ])('%s', async (_who, headers, body) => {
    const { automated } = await received(headers, body);
    expect(automated?.kind).toBe('bounce');
  });

  it('a delay notice is automated, but no bounce', async () => {
    const { automated } = await received({ From: 'MAILER-DAEMON@example.com', Subject: 'Delivery Status Notification (Delay)' }, 'Delivery incomplete. Will retry.');
    expect(automated).toEqual({ kind: 'auto-reply', reasons: ['delivery delay notice'] });
  });

  it('knows whose address failed', async () => {
    const { mail } = await received({ From: 'MAILER-DAEMON@yahoo.com', Subject: 'Failure Notice' }, 'Sorry, we were unable to deliver your message to the following address.\n\n<Ada@Example.com>:');
    expect(bounceNames(mail, 'ada@example.com')).toBe(true);
    expect(bounceNames(mail, 'bob@example.com')).toBe(false);
  });
});

describe('automatic replies', () => {
  it.each([
    ['RFC 3834 header', { From: 'ada@example.com', Subject: 'Re: Your lamp', 'Auto-Submitted': 'auto-replied' }, 'I am away until Monday.'],
    ['Exchange subject, no header', { From: 'ada@example.com', Subject: 'Automatic reply: Is everything OK?' }, 'I am out of the office.'],
    ['German subject', { From: 'ada@example.de', Subject: 'Abwesenheitsnotiz: Ist alles gut?' }, 'Ich bin bis Montag nicht im Büro.'],
    ['Polish subject', { From: 'ada@example.pl', Subject: '[Automatyczna odpowiedź] Wszystko dobrze?' }, 'Jestem na urlopie.'],
    ['Russian subject', { From: 'ada@example.ru', Subject: 'Автоответ: Всё хорошо?' }, 'Я в отпуске.'],
    ['AOL', { From: 'ada@aol.com', Subject: 'Re: Your lamp (Automatic Response)' }, 'Thanks for your mail.'],
    ['a no-reply sender', { From: 'no-reply@helpdesk.example.com', Subject: 'We received your request' }, 'Ticket #123 was opened.'],
    ['an opening no person writes', { From: 'ada@example.com', Subject: 'Re: Your lamp' }, 'Dies ist eine automatische Antwort. Ich bin bis 3. Januar nicht erreichbar.'],
  ])('%s', async (_what, headers, body) => {
    expect((await received(headers, body)).automated?.kind).toBe('auto-reply');
  });
});

describe('customers, whatever they write about delivery', () => {
  it.each([
    'The parcel could not be delivered, the courier said the address was not found.',
    'Le colis n’a pas pu être livré.',
    'Das Paket konnte nicht zugestellt werden, bitte nochmal senden.',
    'I was out of office last week, sorry for the late answer: the lamp is great!',
    'Auto reply? No, this is me, Ada. The lamp is broken.',
  ])('"%s" is a person', async (body) => {
    expect((await received({ From: 'Ada <ada@example.com>', Subject: 'Re: Is everything OK with your lamp?', 'X-Auto-Response-Suppress': 'All' }, body)).automated).toBeNull();
  });
});
