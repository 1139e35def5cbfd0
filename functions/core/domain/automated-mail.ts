/**
 * The words by which mail systems and vacation responders give themselves away when their
 * headers say nothing: the subjects and opening sentences of delivery failure notices (Postfix,
 * Exim/GMX, qmail, Sendmail, Exchange/Office 365, Gmail, Yahoo, Mail.ru, Amazon SES …) and of
 * automatic replies, in the languages customers write in.
 */

/** A sender that is a mail system, not a person: MAILER-DAEMON, postmaster. */
export const SYSTEM_ADDRESS = /^(mailer[-_]?daemon|mail[-_]?daemon|postmaster|mail[-_]?delivery[-_]?(sub)?system)@/i;
export const SYSTEM_NAME = /^(mail delivery (sub)?system|mail administrator|postmaster|mailer[- ]daemon|microsoft outlook|mail delivery service)$/i;
/** A sender nobody can answer: an automated system, never a customer typing. */
export const NO_REPLY_ADDRESS = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply[-_.][^@]*)@/i;

/** Subjects of a failure notice, at the start of the subject. */
export const BOUNCE_SUBJECT = new RegExp(
  '^(' +
    [
      'undeliver(ed|able)( mail| message)?', 'undelivered mail returned to sender', 'mail delivery failed', 'delivery status notification \\(failure\\)',
      'delivery (has )?failed', 'delivery failure', 'failure notice', 'returned mail', 'mail system error', 'message not delivered',
      'delivery notification: delivery has failed', 'non[- ]?delivery report', 'mail could not be delivered',
      'unzustellbar', 'nicht zustellbar', 'zustellung fehlgeschlagen', 'non remis', 'non distribuable', 'échec de (la )?remise',
      'no se puede entregar', 'no entregado', 'imposible de entregar', 'non recapitabile', 'impossibile recapitare', 'onbestelbaar',
      'kan niet worden bezorgd', 'niet afgeleverd', 'olevererbart', 'ej levererat', 'kan ikke leveres', 'ikke levert', 'kunne ikke leveres',
      'niedostarczalne', 'nie można dostarczyć', 'niedostarczona', 'não (foi )?entregue', 'não é possível entregar', 'impossível entregar',
      'недоставленное сообщение', 'не удалось доставить', 'сообщение не доставлено', 'ваше сообщение не доставлено',
    ].join('|') +
    ')',
  'iu',
);
/** Mail.ru puts the reason after its own words: "Ваше сообщение не доставлено. Mail failure." */
export const BOUNCE_SUBJECT_END = /(mail failure|delivery failure)\.?$/i;

/** A delivery delayed, not failed: nobody to suppress, nobody to tell. */
export const DELAY_SUBJECT =
  /^(delivery status notification \(delay\)|delayed mail|warning: could not send message|mail delivery delayed|message delayed|delivery delayed|zustellung verzögert|remise différée|entrega retrasada)/i;

/** Opening sentences of failure notices. Looked for in the first lines of what the sender wrote. */
export const BOUNCE_BODY = new RegExp(
  [
    'this is the mail system at host', 'i\'m sorry to have to inform you that your message could not', 'this message was created automatically by mail delivery software',
    'a message that you sent could not be delivered to one or more of its recipients', 'this is the qmail-send program at',
    'i\'m afraid i wasn\'t able to deliver your message', 'sorry, we were unable to deliver your message', 'delivery to the following recipients? failed',
    'your message wasn\'t delivered to', 'your message was not delivered to', 'delivery has failed to these recipients or groups', 'your message to .{1,200}? couldn\'t be delivered',
    'the following message to .{1,200}? was undeliverable', 'your message did not reach some or all of the intended recipients',
    'the following addresses had permanent fatal errors', 'message could not be delivered to one or more recipients', 'unable to deliver (your )?message to the following',
    'the email account that you tried to reach does not exist',
    'die nachricht konnte nicht zugestellt werden', 'ihre nachricht konnte nicht zugestellt werden', 'zustellung an folgende empfänger fehlgeschlagen',
    'diese nachricht wurde automatisch von einem e-mail-system erstellt', 'votre message n\'a pas pu être remis', 'la remise à ces destinataires ou groupes a échoué',
    'ce message a été créé automatiquement par le logiciel de remise', 'no se ha podido entregar el mensaje', 'no se pudo entregar el mensaje', 'error en la entrega a estos destinatarios o grupos',
    'impossibile recapitare il messaggio', 'il messaggio non è stato recapitato', 'recapito non riuscito a questi destinatari o gruppi', 'uw bericht kon niet worden bezorgd',
    'bezorging is mislukt voor deze geadresseerden of groepen', 'falha na entrega para estes destinatários ou grupos', 'a mensagem não foi entregue', 'não foi possível entregar a mensagem',
    'leveransen misslyckades till dessa mottagare eller grupper', 'meddelandet kunde inte levereras', 'levering til disse modtagere eller grupper mislykkedes',
    'leveringen mislyktes til disse mottakerne eller gruppene', 'meldingen kunne ikke leveres', 'dostarczenie do tych adresatów lub grup nie powiodło się',
    'wiadomość nie została dostarczona', 'nie można dostarczyć wiadomości', 'сообщение не доставлено', 'ваше сообщение не доставлено', 'не удалось доставить сообщение',
    'доставка следующим получателям или группам не выполнена', 'сообщение не может быть доставлено',
  ].join('|'),
  'iu',
);

/** Subjects of automatic replies, at the start of the subject or in brackets (a person does not title a mail so). */
export const AUTO_REPLY_SUBJECT = new RegExp(
  '^[\\[(]?(' +
    [
      'auto(matic)?[ -]?(reply|response|antwort|respons)', 'automatische antwort', 'out of (the )?office', 'abwesenheitsnotiz', 'r[ée]ponse automatique',
      'respuesta autom[aá]tica', 'risposta automatica', 'risposta non al computer', 'fuori sede', 'automatisch antwoord', 'autosvar', 'automatisk svar',
      'fr[aå]nvaro', 'automatyczna odpowied[zź]', 'автоответ', 'автоматический ответ', 'resposta autom[aá]tica', 'auto:',
    ].join('|') +
    ')',
  'iu',
);
/** "Re: blah (Automatic Response)" (AOL), "… is out of the office". */
export const AUTO_REPLY_SUBJECT_END = /(\((auto(matic)? ?(reply|response))\)|is out of (the )?office\.?)$/i;

/** Opening sentences a person does not write: "This is an automatic reply". */
export const AUTO_REPLY_BODY = new RegExp(
  [
    'this is an? (automatic|automated|auto-generated)( email)? (reply|response|message)', 'this (e-?mail|message) (is|was) (sent )?automatically( generated)?',
    'dies ist eine automatische (antwort|nachricht)', 'dies ist eine automatisch (generierte|erstellte) nachricht', 'ceci est une réponse automatique', 'ceci est un message automatique',
    'esta es una respuesta automática', 'este es un mensaje automático', 'questa è una risposta automatica', 'questo è un messaggio automatico', 'dit is een automatisch antwoord',
    'dit is een automatisch (gegenereerd )?bericht', 'detta är ett automatiskt svar', 'dette er et automatisk svar', 'to jest automatyczna odpowiedź', 'это автоматический ответ',
    'это автоматическое сообщение', 'esta é uma resposta automática', 'esta é uma mensagem automática',
  ].join('|'),
  'iu',
);
