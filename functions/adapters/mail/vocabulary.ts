/**
 * The words mail clients put around a quoted message, in the languages customers write in
 * (en, de, fr, es, it, nl, pt, sv, da, no, pl, ru, and some fi, cs, hu, tr, vi, zh, ja, ko).
 * Only words live here; how lines are judged lives in quote-structure.ts and signature.ts.
 */

/** Escapes a word for use inside a regular expression. */
const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One alternation, longest first so "Envoyé le" wins over "Envoyé". */
export function alternation(words: readonly string[]): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escape).join('|');
}

/** Header fields of a quoted message's header block, by what they mean. */
export const HEADER_FIELDS = {
  from: ['from', 'von', 'de', 'da', 'van', 'från', 'fra', 'od', 'от', 'від', 'lähettäjä', 'feladó', 'kimden', 'afsender', 'avsender', 'expéditeur', 'remitente', 'mittente', 'absender', 'người gửi', '发件人', '寄件者', '差出人', '보낸 사람'],
  date: ['sent', 'date', 'datum', 'gesendet', 'envoyé', 'envoyé le', 'enviado', 'enviado el', 'enviada', 'fecha', 'inviato', 'data', 'verzonden', 'skickat', 'sendt', 'wysłano', 'wysłane', 'data wysłania', 'отправлено', 'дата', 'lähetetty', 'päivämäärä', 'elküldve', 'dátum', 'gönderildi', 'tarih', 'odesláno', 'message du', 'ngày gửi', '发送时间', '日期', '送信日時', '날짜', '보낸 날짜'],
  to: ['to', 'an', 'à', 'a', 'para', 'aan', 'till', 'til', 'do', 'кому', 'vastaanottaja', 'címzett', 'kime', 'komu', 'đến', '收件人', '宛先', '받는 사람'],
  cc: ['cc', 'kopie', 'copie', 'copie à', 'cópia', 'copia', 'kopia', 'копия', 'kopio', 'másolat', 'bilgi', '抄送'],
  subject: ['subject', 'betreff', 'objet', 'sujet', 'asunto', 'oggetto', 'onderwerp', 'ämne', 'emne', 'temat', 'тема', 'aihe', 'assunto', 'tárgy', 'konu', 'předmět', 'chủ đề', '主题', '主旨', '件名', '제목'],
  replyTo: ['reply-to', 'antwort an', 'répondre à', 'responder a', 'rispondi a', 'risposta', 'beantwoorden', 'svara till', 'svar til', 'odpowiedź do'],
} as const;
export type HeaderKind = keyof typeof HEADER_FIELDS;

/** The verb of an attribution line ("… wrote:"), wherever it stands in the line. */
export const WROTE_VERBS = [
  'wrote', 'writes', 'has written', 'a écrit', 'écrit', 'schrieb', 'geschrieben', 'schreef', 'geschreven', 'escribió', 'escribio', 'escreveu',
  'ha scritto', 'scrisse', 'skrev', 'skriver', 'kirjoitti', 'napisał(a)', 'napisał', 'napisała', 'написал(а)', 'написал',
  'написала', 'пишет', 'đã viết', 'yazdı', 'έγραψε', 'írta', 'napsal', 'napsala', 'napísal', 'a scris', 'napisao',
  'napisala', '写道', '寫道', '작성', 'のメッセージ',
];

/** Words an attribution starts with ("On …", "Le …", "Am …", "Il giorno …"). */
export const ATTRIBUTION_STARTS = ['on', 'le', 'am', 'el', 'il', 'il giorno', 'el día', 'op', 'em', 'den', 'på', 'dnia', 'w dniu', 'vào', 'at', 'dne', '在'];

/** Weekday abbreviations a date in an attribution starts with, in the listed languages. */
export const WEEKDAYS = [
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'mo', 'di', 'mi', 'do', 'fr', 'sa', 'so', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'mié', 'jue', 'vie', 'sáb', 'dom', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo',
  'gio', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica',
  'ma', 'wo', 'vr', 'za', 'zo', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag',
  'seg', 'ter', 'qua', 'qui', 'sex', 'segunda', 'terça', 'quarta', 'quinta', 'sexta',
  'må', 'ti', 'on', 'to', 'lö', 'sö', 'mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön', 'man', 'tir', 'lør', 'søn',
  'pn', 'wt', 'śr', 'czw', 'pt', 'sob', 'nd', 'niedz', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс',
  'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье', 'pe', 'la', 'su', 'ke',
];

/** What a "----- X -----" separator line names: the original or a forwarded message. */
export const SEPARATOR_WORDS = [
  'original message', 'original', 'message', 'forwarded', 'nachricht', 'ursprüngliche', 'weitergeleitete', 'originalnachricht', 'mensaje', 'messaggio',
  'originalmeddelande', 'originalmeldung',
  'bericht', 'meddelande', 'melding', 'meddelelse', 'wiadomość', 'сообщение', 'mensagem', 'viesti', 'zpráva', 'üzenet', 'mesaj',
  'transféré', 'reenviado', 'inoltrato', 'doorgestuurd', 'vidarebefordrat', 'videresendt', 'przekazana', 'encaminhada',
];

/** A line that introduces a forwarded message ("Begin forwarded message:"). */
export const FORWARD_INTROS = [
  'begin forwarded message', 'forwarded message', 'début du message réexpédié', 'message transféré', 'anfang der weitergeleiteten nachricht',
  'weitergeleitete nachricht', 'inizio messaggio inoltrato', 'messaggio inoltrato', 'comienzo del mensaje reenviado', 'mensaje reenviado',
  'begin doorgestuurd bericht', 'doorgestuurd bericht', 'vidarebefordrat meddelande', 'videresendt melding', 'videresendt meddelelse',
  'przekazana wiadomość', 'wiadomość przekazana', 'пересылаемое сообщение', 'mensagem encaminhada', 'início da mensagem reencaminhada',
];

/** The start of a phone or app signature ("Sent from my iPhone", "Envoyé de mon iPad"). */
export const SENT_FROM = [
  'sent from', 'sent via', 'sent with', 'sent using', 'sent by', 'envoyé de', 'envoyé depuis', 'envoyé à partir de', 'envoyé avec', 'envoyé via',
  'enviado desde', 'enviado do', 'enviado de', 'enviado con', 'enviado a partir do', 'inviato da', 'inviato dal', 'inviato con',
  'verzonden vanaf', 'verzonden met', 'verzonden van', 'verstuurd vanaf', 'verstuurd met', 'skickat från', 'skickat med', 'sendt fra',
  'sendt med', 'wysłane z', 'wysłane ze', 'wysłano z', 'отправлено с', 'отправлено из', 'von meinem', 'gesendet von', 'gesendet mit',
  'gesendet vom', 'get outlook for', 'obtenir outlook pour', 'descargar outlook para', 'scarica outlook per', 'baixar o outlook para',
  'lähetetty', 'odesláno z',
];

/** The end of a phone signature in languages that put the verb last ("Von meinem iPhone gesendet"). */
export const SENT_FROM_LAST = ['gesendet', 'verzonden', '傳送', '发送', 'から送信'];

/** Words of a mailing list's or a notification's footer below a rule. */
export const LIST_FOOTER_WORDS = [
  'mailing list', 'listinfo', 'unsubscribe', 'you received this message because', 'you are receiving this because',
  'abbestellen', 'abmelden', 'désabonner', 'désinscrire', 'darse de baja', 'cancelar suscripción', 'disiscriviti', 'afmelden',
  'avsluta prenumeration', 'afmeld', 'wypisz się', 'отписаться',
];
