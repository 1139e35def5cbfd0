import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../functions/adapters/mail/html-text.ts';
import { readMail } from '../../../functions/adapters/mail/read-mail.ts';

const htmlOnly = (html: string) =>
  Buffer.from(['From: Ada <ada@example.com>', 'To: reply+abc@in.example.com', 'Subject: Re: Your lamp', 'Content-Type: text/html; charset=utf-8', '', html].join('\r\n'));

/** HTML-only replies as the clients mark their quotes (markup trimmed to what matters). */
const CLIENTS: [string, string][] = [
  ['Gmail', '<div dir="ltr">The shade arrived dented.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 10:02, Sarah &lt;<a href="mailto:s@n.example">s@n.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204)">Is everything OK?</blockquote></div>'],
  ['Gmail with its signature block', '<div dir="ltr">The shade arrived dented.<br clear="all"><div><br></div>-- <br><div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">Ada Lovelace<br>+44 20 7946 0000</div></div>'],
  ['Apple Mail / iOS', '<html><body dir="auto"><div>The shade arrived dented.</div><div><br><blockquote type="cite"><div>On 23 Nov 2026, at 10:02, Sarah &lt;s@n.example&gt; wrote:</div><br><div>Is everything OK?</div></blockquote></div></body></html>'],
  ['Thunderbird', '<body><p>The shade arrived dented.</p><div class="moz-cite-prefix">Am 23.11.26 um 10:02 schrieb Sarah:<br></div><blockquote type="cite" cite="mid:x@y">Ist alles gut?</blockquote></body>'],
  ['Yahoo', '<div class="ydp1"><div>The shade arrived dented.</div></div><div id="yahoo_quoted_1234" class="yahoo_quoted"><div>On Monday, 23 November 2026, 10:02:15 GMT+1, Sarah wrote:</div><div>Is everything OK?</div></div>'],
  ['Outlook.com / Outlook web', '<div dir="ltr">The shade arrived dented.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Sarah &lt;s@n.example&gt;<br><b>Sent:</b> Monday, 23 November 2026 10:02<br><b>Subject:</b> Is everything OK?</font></div><div>Hi Ada, is everything OK?</div>'],
  ['Outlook desktop (border-top separator)', '<div class=WordSection1><p class=MsoNormal>The shade arrived dented.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><div style=\'border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\'><p class=MsoNormal><b>Von:</b> Sarah &lt;s@n.example&gt;<br><b>Gesendet:</b> Montag, 23. November 2026 10:02<br><b>An:</b> Ada<br><b>Betreff:</b> Ist alles gut?</p></div><p class=MsoNormal>Hallo Ada, ist alles gut?</p></div>'],
  ['Outlook for Mac', '<div>The shade arrived dented.</div><span id="OLK_SRC_BODY_SECTION"><div><span>From: </span>Sarah<br><span>Date: </span>Mon, 23 Nov 2026</div><div>Is everything OK?</div></span>'],
  ['Hotmail', '<div dir="ltr">The shade arrived dented.<br><br><div><hr id="stopSpelling">Date: Mon, 23 Nov 2026 10:02:00 +0100<br>From: s@n.example<br>Subject: Is everything OK?</div></div>'],
  ['GMX / Web.de', '<div style="font-family: Verdana"><div>The shade arrived dented.</div><div name="quote" style="margin:10px 5px 5px 10px; padding: 10px 0 10px 10px; border-left:2px solid #C3D9E5;"><div style="margin:0 0 10px 0;"><b>Gesendet:</b>&nbsp;Montag, 23. November 2026 um 10:02 Uhr<br><b>Von:</b>&nbsp;Sarah<br><b>Betreff:</b>&nbsp;Ist alles gut?</div><div name="quoted-content">Ist alles gut?</div></div></div>'],
  ['Mail.ru (attribution then blockquote)', '<HTML><BODY><p>The shade arrived dented.</p><br>Пн, 23 ноя 2026 10:02 +03:00 от Sarah &lt;s@n.example&gt;:<br><blockquote style="border-left:1px solid #0857A6">Is everything OK?</blockquote></BODY></HTML>'],
  ['Zimbra / Orange', '<html><body><div>The shade arrived dented.</div><hr id="zwchr"><b>De: </b>Sarah<br><b>À: </b>Ada<br><b>Envoyé: </b>Lundi 23 Novembre 2026 10:02<br><b>Objet: </b>Tout va bien ?<br><br>Tout va bien ?</body></html>'],
];

describe('HTML-only replies: the quote is cut where the client marked it', () => {
  it.each(CLIENTS)('%s', async (_client, html) => {
    expect((await readMail(htmlOnly(html))).strippedText).toBe('The shade arrived dented.');
  });

  it('keeps a reply written under the quote', async () => {
    const mail = await readMail(htmlOnly('<blockquote type="cite">Is everything OK?</blockquote><div>All good, thank you!</div>'));
    expect(mail.strippedText).toBe('All good, thank you!');
  });
});

describe('HTML as text', () => {
  it('keeps words, line breaks and entities, and shows no script, style or comment', () => {
    const { whole } = readHtml(
      '<head><title>x</title><style>p{color:red}</style></head><body><p>Caf&eacute; &amp; bar&nbsp;&mdash; <b>very</b> nice.<br>Second&#32;line</p><script>alert(1)</script><!-- hidden --><ul><li>one</li><li>two</li></ul></body>',
    );
    expect(whole).toBe('Café & bar — very nice.\nSecond line\none\ntwo');
  });

  it('puts a blank line for two line breaks, and none for markup between words', () => {
    expect(readHtml('<div>Hi<br><br>there</div><div>Th<span>ank</span>s</div>').whole).toBe('Hi\n\nthere\nThanks');
  });

  it('prefers the HTML reading when the text part missed a quote the HTML part marked', async () => {
    const raw = [
      'From: Ada <ada@example.com>', 'To: reply+abc@in.example.com', 'Subject: Re: x', 'Content-Type: multipart/alternative; boundary="b"', '',
      '--b', 'Content-Type: text/plain; charset=utf-8', '', 'The shade arrived dented.', '', 'Sarah kirjutas neljapäeval:', 'Is everything OK?', '',
      '--b', 'Content-Type: text/html; charset=utf-8', '', '<div>The shade arrived dented.</div><blockquote>Sarah kirjutas neljapäeval:<br>Is everything OK?</blockquote>', '--b--', '',
    ].join('\r\n');
    expect((await readMail(Buffer.from(raw))).strippedText).toBe('The shade arrived dented.');
  });
});
