import { describe, expect, it } from 'vitest';
import { stripReply } from '../../../functions/adapters/mail/strip-reply.ts';

/**
 * Replies as the common clients write them in the languages customers use, none of them taken
 * from the peer corpora: the quoted history, whatever its shape, must go, and the customer's
 * words stay exactly.
 */
const WORDS = 'The shade arrived dented.\nCan you send a new one?';
const QUOTE = '> Is everything OK with your new lamp?\n> Sarah';
const ORIGINAL = 'Hi Ada,\n\nis everything OK with your new lamp?\n\nSarah';
const reply = (...parts: string[]) => parts.join('\n');

describe('attribution lines, by shape, in every listed language', () => {
  it.each([
    ['en Gmail', 'On Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:'],
    ['en Gmail, wrapped before the address', 'On Mon, 23 Nov 2026 at 10:02, Sarah von Northwind Home <\nreply+abc@in.northwind.example> wrote:'],
    ['en Gmail, wrapped before "wrote"', 'On Mon, Nov 23, 2026 at 10:02 AM Sarah von Northwind Home <reply+abc@in.northwind.example>\nwrote:'],
    ['en Apple Mail', 'On 23 Nov 2026, at 10:02, Sarah <sarah@northwind.example> wrote:'],
    ['en Thunderbird', 'On 23/11/2026 10:02, Sarah wrote:'],
    ['en Yahoo', 'On Monday, 23 November 2026, 10:02:15 GMT+1, Sarah <sarah@northwind.example> wrote:'],
    ['en Outlook mobile', 'On Mon, Nov 23, 2026 at 10:02 AM -0800, "Sarah" <sarah@northwind.example> wrote:'],
    ['de Gmail', 'Am Mo., 23. Nov. 2026 um 10:02 Uhr schrieb Sarah <sarah@northwind.example>:'],
    ['de Apple Mail', 'Am 23.11.2026 um 10:02 schrieb Sarah <sarah@northwind.example>:'],
    ['de Thunderbird', 'Am 23.11.26 um 10:02 schrieb Sarah:'],
    ['de Yahoo', 'Am Montag, 23. November 2026, 10:02:15 MEZ hat Sarah <sarah@northwind.example> Folgendes geschrieben:'],
    ['de Google Inbox, wrapped', 'Sarah <sarah@northwind.example> schrieb am Mo., 23.\nNov. 2026 um 10:02 Uhr:'],
    ['fr Gmail', 'Le lun. 23 nov. 2026 à 10:02, Sarah <sarah@northwind.example> a écrit :'],
    ['fr Yahoo', 'Le lundi 23 novembre 2026 à 10:02:15 UTC+1, Sarah <sarah@northwind.example> a écrit :'],
    ['fr wrapped over three lines', 'Le 23 nov. 2026 10:02, "Sarah"\n<sarah@northwind.example>\na écrit :'],
    ['es Gmail', 'El lun, 23 nov 2026 a las 10:02, Sarah (<sarah@northwind.example>) escribió:'],
    ['es Yahoo', 'El lunes, 23 de noviembre de 2026, 10:02:15 CET, Sarah <sarah@northwind.example> escribió:'],
    ['it Gmail', 'Il giorno lun 23 nov 2026 alle ore 10:02 Sarah <sarah@northwind.example> ha scritto:'],
    ['it webmail', 'Il 23 novembre 2026 alle 10.02 Sarah <sarah@northwind.example> ha scritto:'],
    ['nl Gmail', 'Op ma 23 nov 2026 om 10:02 schreef Sarah <sarah@northwind.example>:'],
    ['nl Apple Mail', 'Op 23 nov. 2026 om 10:02 heeft Sarah <sarah@northwind.example> het volgende geschreven:'],
    ['pt Gmail', 'Em seg., 23 de nov. de 2026 às 10:02, Sarah <sarah@northwind.example> escreveu:'],
    ['sv Gmail', 'Den mån 23 nov. 2026 kl 10:02 skrev Sarah <sarah@northwind.example>:'],
    ['da Gmail', 'Den man. 23. nov. 2026 kl. 10.02 skrev Sarah <sarah@northwind.example>:'],
    ['no Gmail', 'man. 23. nov. 2026 kl. 10:02 skrev Sarah <sarah@northwind.example>:'],
    ['pl Gmail', 'pon., 23 lis 2026 o 10:02 Sarah <sarah@northwind.example> napisał(a):'],
    ['pl Thunderbird', 'W dniu 23.11.2026 o 10:02, Sarah pisze:\n'.replace(' pisze:', ' napisał:')],
    ['ru Gmail', 'пн, 23 нояб. 2026 г. в 10:02, Sarah <sarah@northwind.example>:'],
    ['ru Mail.ru', 'Понедельник, 23 ноября 2026, 10:02 +03:00 от Sarah <sarah@northwind.example>:'],
    ['ru Android', '23.11.2026 10:02 пользователь "Sarah" <sarah@northwind.example> написал:'],
    ['fi Gmail', 'ma 23. marrask. 2026 klo 10.02 Sarah <sarah@northwind.example> kirjoitti:'],
    ['vi', 'Vào 10:02 Th 2, 23 thg 11, 2026 Sarah <sarah@northwind.example> đã viết:'],
    ['Eudora', 'At 23/11/2026 10:02 AM, you wrote:'],
    ['Android', '---- Sarah wrote ----'],
    ['Zoho', '---- On Mon, 23 Nov 2026 10:02:15 +0100 Sarah <sarah@northwind.example> wrote ----'],
  ])('%s', (_client, attribution) => {
    expect(stripReply(reply(WORDS, '', attribution, '', QUOTE))).toBe(WORDS);
    // The original under it is not always quoted with ">".
    expect(stripReply(reply(WORDS, '', attribution, '', ORIGINAL))).toBe(WORDS);
  });

  it('finds one that shares its line with the reply', () => {
    expect(stripReply('Thanks, all good! On Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:\n> Is everything OK?')).toBe('Thanks, all good!');
  });

  it('keeps a reply whose last line sits right above the attribution', () => {
    expect(stripReply(`${WORDS}\nOn Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:\n${QUOTE}`)).toBe(WORDS);
  });

  it('needs no date when the quote follows at once ("Am Montag schrieb Sarah:")', () => {
    expect(stripReply(`${WORDS}\n\nAm Montag schrieb Sarah:\n${QUOTE}`)).toBe(WORDS);
  });
});

const HEADER_BLOCKS: [string, string][] = [
  ['en', 'From: Sarah <sarah@northwind.example>\nSent: Monday, 23 November 2026 10:02\nTo: Ada <ada@example.com>\nSubject: Is everything OK with your lamp?'],
  ['en bold', '*From:* Sarah <sarah@northwind.example>\n*Sent:* Monday, 23 November 2026 10:02\n*To:* Ada <ada@example.com>\n*Subject:* Is everything OK with your lamp?'],
  ['en wrapped', '  *From:* Sarah von Northwind Home [mailto:\n  sarah@northwind.example]\n  *Sent:* Monday, 23 November 2026 10:02\n  *To:* ada@example.com\n  *Subject:* Is everything OK?'],
  ['de', 'Von: Sarah <sarah@northwind.example>\nGesendet: Montag, 23. November 2026 10:02\nAn: Ada <ada@example.com>\nBetreff: Ist alles gut mit deiner Lampe?'],
  ['de GMX', 'Gesendet: Montag, 23. November 2026 um 10:02 Uhr\nVon: "Sarah" <sarah@northwind.example>\nAn: ada@example.com\nBetreff: Ist alles gut?'],
  ['fr', 'De : Sarah <sarah@northwind.example>\nEnvoyé : lundi 23 novembre 2026 10:02\nÀ : Ada <ada@example.com>\nObjet : Tout va bien ?'],
  ['fr Yahoo', '      De : Sarah <sarah@northwind.example>\n À : Ada <ada@example.com>\n Envoyé le : lundi 23 novembre 2026 10h02\n Objet : Tout va bien ?'],
  ['fr Orange', 'Message du 23/11/26 10:02\nDe : "Sarah" <sarah@northwind.example>\nA : ada@example.com\nCopie à : \nObjet : Tout va bien ?'],
  ['es', 'De: Sarah <sarah@northwind.example>\nEnviado: lunes, 23 de noviembre de 2026 10:02\nPara: Ada <ada@example.com>\nAsunto: ¿Todo bien?'],
  ['it', 'Da: Sarah <sarah@northwind.example>\nInviato: lunedì 23 novembre 2026 10:02\nA: Ada <ada@example.com>\nOggetto: Tutto bene?'],
  ['nl', 'Van: Sarah <sarah@northwind.example>\nVerzonden: maandag 23 november 2026 10:02\nAan: Ada <ada@example.com>\nOnderwerp: Alles goed?'],
  ['pt', 'De: Sarah <sarah@northwind.example>\nEnviado: segunda-feira, 23 de novembro de 2026 10:02\nPara: Ada <ada@example.com>\nAssunto: Tudo bem?'],
  ['sv', 'Från: Sarah <sarah@northwind.example>\nSkickat: den 23 november 2026 10:02\nTill: Ada <ada@example.com>\nÄmne: Allt bra?'],
  ['da / no', 'Fra: Sarah <sarah@northwind.example>\nSendt: 23. november 2026 10:02\nTil: Ada <ada@example.com>\nEmne: Alt godt?'],
  ['pl', 'Od: Sarah <sarah@northwind.example>\nWysłano: poniedziałek, 23 listopada 2026 10:02\nDo: Ada <ada@example.com>\nTemat: Wszystko w porządku?'],
  ['ru', 'От: Sarah <sarah@northwind.example>\nОтправлено: 23 ноября 2026 г. 10:02\nКому: Ada <ada@example.com>\nТема: Всё хорошо?'],
  ['Outlook for Mac', 'From: Sarah <sarah@northwind.example>\nReply-To: Sarah <reply+abc@in.northwind.example>\nDate: Monday, 23 November 2026 at 10:02\nTo: Ada <ada@example.com>\nSubject: Is everything OK?'],
];

describe('header blocks of a quoted message, plain and bold, in every listed language', () => {
  it.each(HEADER_BLOCKS)('%s', (_lang, block) => {
    expect(stripReply(reply(WORDS, '', block, '', ORIGINAL))).toBe(WORDS);
    expect(stripReply(reply(WORDS, '________________________________', block, '', ORIGINAL))).toBe(WORDS);
  });
});

describe('separators of an original or forwarded message', () => {
  it.each([
    '-----Original Message-----', '----- Original Message -----', '---Original Message---', '-----Ursprüngliche Nachricht-----',
    "-----Message d'origine-----", '-----Mensaje original-----', '-----Messaggio originale-----', '-----Oorspronkelijk bericht-----',
    '-----Mensagem original-----', '-----Originalmeddelande-----', '-----Oprindelig meddelelse-----', '-----Opprinnelig melding-----',
    '-----Oryginalna wiadomość-----', '-----Исходное сообщение-----', '-------- Original message --------', '-------- Weitergeleitete Nachricht --------',
    '---------- Forwarded message ---------', '-------- Message transféré --------', '---------- Mensaje reenviado ----------', 'Begin forwarded message:',
    'Début du message réexpédié :', 'Anfang der weitergeleiteten Nachricht:', 'Inizio messaggio inoltrato:',
  ])('%s', (separator) => {
    expect(stripReply(reply(WORDS, '', separator, 'Hi Ada,', 'is everything OK?'))).toBe(WORDS);
  });
});

describe('signatures', () => {
  it.each([
    'Sent from my iPhone', 'Sent from my Galaxy', 'Sent from Outlook Mobile<https://aka.ms/o0ukef>', 'Get Outlook for Android<https://aka.ms/AAb9ysg>',
    'Sent from Yahoo Mail on Android', 'Sent from Mail for Windows', 'Von meinem iPhone gesendet', 'Gesendet von meinem Samsung Galaxy',
    'Gesendet mit der GMX Mail App', 'Envoyé de mon iPhone', 'Envoyé depuis mon appareil Android', 'Enviado desde mi iPhone', 'Inviato da iPhone',
    'Verstuurd vanaf mijn iPhone', 'Verzonden met BlackBerry Work', 'Enviado do meu iPhone', 'Skickat från min iPhone', 'Sendt fra min iPad',
    "Wysłane z iPhone'a", 'Отправлено с iPhone', '從我的 iPhone 傳送',
  ])('"%s" goes, the words stay', (signature) => {
    expect(stripReply(reply(WORDS, '', signature))).toBe(WORDS);
    expect(stripReply(reply(WORDS, '', signature, '', 'On Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:', QUOTE))).toBe(WORDS);
  });

  it('cuts at the "-- " delimiter and at a mailing list footer', () => {
    expect(stripReply(`${WORDS}\n\n-- \nAda Lovelace\n+44 20 7946 0000`)).toBe(WORDS);
    expect(stripReply(`${WORDS}\n\n_______________________________________________\nlamps mailing list\nlamps@lists.example.com\nhttps://lists.example.com/mailman/listinfo/lamps`)).toBe(WORDS);
  });

  it('keeps sentences that only look like one', () => {
    for (const text of [
      'Sent from my desk, is much easier than my phone.',
      'The lamp -- a gift for my mother -- arrived today.',
      'It was sent from my old address, please use this one.',
    ]) expect(stripReply(`Thanks!\n\n${text}`)).toBe(`Thanks!\n\n${text}`);
  });
});

describe('what is the customer’s even when it looks like a quote', () => {
  it.each([
    ['an appointment', 'Could you deliver then?\n\nDate: Tuesday 24 November\nTime: 10:00\nAddress: 12 Lamp Street'],
    ['a route', 'From: Berlin\nTo: Munich\nThe parcel has been stuck there for a week.'],
    ['a line starting with "On"', 'On Monday the lamp stopped working.\nOn Tuesday it smoked.'],
    ['a colon after "wrote" with no date', 'My husband wrote:\n- the lid is loose\n- the cord is short'],
    ['one ">" line', 'Rating:\n> 5 stars from me\nLove it!'],
    ['a ruler that is no separator', 'Please see below.\n\n---------- Feedback ----------\n\nThe lamp is great.'],
  ])('%s', (_what, text) => {
    expect(stripReply(text)).toBe(text);
  });
});

describe('replies written under or between the quote', () => {
  it('keeps a reply under the quote', () => {
    expect(stripReply(`On Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:\n${QUOTE}\n\n${WORDS}`)).toBe(WORDS);
  });

  it('keeps answers between quoted lines, without the quoted lines', () => {
    expect(stripReply('> Is everything OK with the lamp?\nNo, the shade is dented.\n> Did it arrive on time?\nYes.')).toBe('No, the shade is dented.\nYes.');
  });

  it('is never empty when the customer wrote something, and empty when they wrote nothing', () => {
    expect(stripReply('Sent from my iPhone')).toBe('Sent from my iPhone');
    expect(stripReply(`On Mon, 23 Nov 2026 at 10:02, Sarah <sarah@northwind.example> wrote:\n${QUOTE}`)).toBe('');
    expect(stripReply('')).toBe('');
  });
});
