import type { StaffWords } from './staff-words.ts';

export const DE: StaffWords = {
  greeting: (name) => `Hallo ${name},`,
  kind: { problem: 'Problem', question: 'Frage', reply: 'Antwort' },
  subject: ({ kind, customer, order, words, urgent }) =>
    `${urgent ? 'Dringend: ' : ''}${kind} von ${customer}${order ? ` (Bestellung ${order})` : ''}: „${words}“`,
  opening: (reason, { customer, question, by, address }) => {
    switch (reason) {
      case 'new':
        return question
          ? `${customer} hat eine Frage. Du hast die Nachricht unterschrieben, auf die geantwortet wurde, deshalb landet sie bei dir.`
          : `${customer} hat geantwortet, und das braucht dich.`;
      case 'new-message':
        return `${customer} hat noch einmal geschrieben, zu dem, was bei dir offen ist.`;
      case 'passed-on':
        return question
          ? `Niemand hat ${customer} bisher geantwortet, deshalb landet es jetzt bei dir. ${customer} wartet.`
          : `Niemand hat das bisher bestätigt, deshalb landet es jetzt bei dir. ${customer} wartet.`;
      case 'reminder':
        return question ? `Noch immer nicht beantwortet: ${customer} wartet.` : `Noch immer nicht bestätigt: ${customer} wartet.`;
      case 'reassigned':
        return `${by ?? 'Jemand'} hat dir das übergeben. ${customer} wartet.`;
      case 'someone-else':
        return `Jemand anderes als ${customer} hat in dieses Gespräch geschrieben, von ${address}. Für ${customer} selbst ändert das nichts; schau es dir bitte an.`;
    }
  },
  wrote: (customer, at, language) => `Was ${customer} geschrieben hat (${at}${language ? `, auf ${language}` : ''}):`,
  someoneElse: (address, customer) => `Von jemand anderem geschrieben: ${address}, nicht die Adresse von ${customer}.`,
  noText: '(kein Text: siehe das Gespräch)',
  order: (name, total, fulfillment) => `Bestellung ${name}: ${total}, ${fulfillment}`,
  fulfillment: { unfulfilled: 'noch nicht verschickt', fulfilled: 'verschickt', in_transit: 'unterwegs', delivered: 'zugestellt', failed: 'Zustellung fehlgeschlagen' },
  customer: 'Kunde',
  why: 'Warum das bei dir landet',
  acknowledgeBy: (at, urgent) => `Bitte bestätige bis ${at}${urgent ? ' (dringend)' : ''}.`,
  answerBy: (at) => `Bitte antworte bis ${at}.`,
  howToAnswer: (customer, url) =>
    `Um ${customer} zu antworten, antworte auf diese Mail und schreib über diese Nachricht: Deine Antwort geht von dir an ${customer}, im selben Verlauf. Oder öffne das Gespräch: ${url}`,
  reminderCount: (count, max) => `Erinnerung ${count} von ${max}.`,

  reason: {
    problem: 'schreibt',
    unhappy: 'klingt unzufrieden',
    urgent: 'es geht um Geld, Recht oder Sicherheit',
    question: 'stellt eine Frage',
    pleased: 'klingt zufrieden',
    'opt-out': 'möchte keine Mails mehr',
    shouting: 'in Großbuchstaben oder mit vielen Ausrufezeichen geschrieben',
    automatic: 'eine automatische Antwort',
    nothing: 'nichts Besonderes aufgefallen',
  },

  digestSubject: ({ store, waiting, praise }) =>
    `${store}: ${waiting} ${waiting === 1 ? 'wartet' : 'warten'} auf dich${praise ? `, ${praise} ${praise === 1 ? 'nettes Wort' : 'nette Worte'}` : ''}`,
  digestIntro: (name) => `Guten Morgen ${name}, das ist bei dir offen.`,
  digestWaiting: 'Wartet auf dich',
  digestSince: (at) => `seit ${at}`,
  digestDue: (at) => `fällig ${at}`,
  digestQuiet: (count) => `keine Erinnerungen mehr nach ${count}`,
  digestClimbed: 'Von dir weitergegeben',
  digestClimbedTo: (customer, to, at) => `${customer}: ging an ${to} (${at})`,
  digestPraise: 'Nette Worte',
  digestReplies: 'Weitere Antworten',
  digestFooter: (url) =>
    `Antworte auf die jeweilige Benachrichtigung oder in der Konsole: ${url}\nAntworten auf diese Übersicht erreichen keinen Kunden.`,

  refusalSubject: (subject) => `Nicht zugestellt: ${subject}`,
  refusal: (reason, { store, url }) => {
    switch (reason) {
      case 'not-staff':
        return `Deine Nachricht wurde nicht weitergegeben. Diese Adresse nimmt Antworten nur vom Team von ${store} an, und deine Adresse gehört nicht dazu.`;
      case 'unverified':
        return `Deine Nachricht wurde nicht weitergegeben: Es ließ sich nicht prüfen, dass sie von deiner Adresse kommt (SPF und DKIM nicht bestanden). Bitte antworte von deinem üblichen Konto oder in der Konsole: ${url}`;
      case 'empty':
        return `Über der zitierten Benachrichtigung stand nichts, deshalb wurde nichts verschickt. Schreib deine Antwort über das Zitat und schick sie noch einmal, oder antworte in der Konsole: ${url}`;
      case 'quoted-notice':
        return `Deine Antwort enthielt offenbar noch unsere Benachrichtigung, deshalb wurde nichts verschickt (die Kundschaft soll sie nicht sehen). Schreib über das Zitat, lösch die zitierte Benachrichtigung und schick sie noch einmal, oder antworte in der Konsole: ${url}`;
      case 'digest':
        return `Antworten auf die tägliche Übersicht erreichen keinen Kunden. Um jemandem zu antworten, antworte auf die Benachrichtigung zu dessen Nachricht oder nutze die Konsole: ${url}`;
      case 'gone':
        return `Dieses Gespräch gibt es nicht mehr, deshalb wurde nichts verschickt.`;
    }
  },

  checkBackSubject: (subject) => (/^(re|aw):/i.test(subject) ? subject : `Re: ${subject}`),
  checkBack: ({ firstName, product, signer, store }) =>
    `Hallo${firstName ? ` ${firstName}` : ''},\n\nich wollte noch einmal nachfragen wegen ${product}: Hat sich alles geklärt, und passt jetzt alles? Eine kurze Antwort genügt. Falls noch etwas nicht stimmt, sag es mir, und ich kümmere mich darum.\n\n${signer}\n${store}\n`,

  console: {
    escalations: 'Eskalationen',
    conversations: 'Gespräche',
    all: 'Alle',
    open: 'Offen',
    acknowledged: 'Bestätigt',
    resolved: 'Erledigt',
    closed: 'Abgeschlossen',
    urgent: 'dringend',
    status: { open: 'offen', acknowledged: 'bestätigt', resolved: 'erledigt', closed: 'abgeschlossen' },
    category: { complaint: 'Problem', question: 'Frage', praise: 'Lob', unsubscribe: 'Abmeldung', other: 'Antwort', 'auto-reply': 'automatisch', bounce: 'unzustellbar' },
    customerCol: 'Kunde',
    wroteCol: 'Was geschrieben wurde',
    ownerCol: 'Bei',
    acknowledgeByAt: (at) => `bestätigen bis ${at}`,
    answerByAt: (at) => `antworten bis ${at}`,
    empty: 'Nichts hier. Um alle, die geschrieben haben, hat sich jemand gekümmert.',
    acknowledge: 'Bestätigen',
    resolve: 'Erledigt',
    reassign: 'Übergeben an',
    to: 'Übergeben',
    send: 'Senden',
    signOut: 'Abmelden',
    signIn: 'Anmelden',
    token: 'Operator-Token',
    opened: (at) => `Geöffnet ${at}`,
    acknowledgedAt: (at) => `bestätigt ${at}`,
    resolvedAt: (at) => `erledigt ${at}`,
    ownerLabel: 'bei',
    noOrder: 'Zu diesem Gespräch wurde keine Bestellung gefunden.',
    why: 'Warum',
    conversation: 'Gespräch',
    noMessages: 'Keine Nachrichten.',
    answerLabel: (customer, signer) => `${customer} antworten (gesendet von ${signer}, im selben Mailverlauf)`,
    customerSide: 'Kunde',
    someoneElse: (address) => `von jemand anderem geschrieben: ${address}`,
    inLanguage: (language) => `auf ${language}`,
    notSent: '(noch) nicht gesendet',
    writeSomething: 'Schreib etwas, das gesendet werden soll.',
    notFound: 'Diese Eskalation oder dieses Gespräch gibt es nicht.',
    checkBack: (at) => `Nachfrage ${at}`,
    checkBackAnswer: (satisfied) => (satisfied ? 'zufrieden' : 'nicht zufrieden'),
    history: 'Verlauf',
    wrongToken: 'Das ist nicht das Operator-Token.',
    formExpired: 'Das Formular war abgelaufen. Bitte melde dich noch einmal an.',
  },
  unsubscribe: {
    confirmTitle: (store) => `Von ${store} abmelden`,
    confirmHeading: (store) => `Keine Nachrichten mehr von ${store}?`,
    confirmBody: (store) => `Du bekommst nach deinen Bestellungen keine persönlichen Nachrichten mehr von ${store}.`,
    button: 'Abmelden',
    doneTitle: 'Abgemeldet',
    doneHeading: 'Du bist abgemeldet',
    doneBody: (store) => `${store} schickt dir diese Nachrichten nicht mehr.`,
    invalidTitle: 'Link ungültig',
    invalidHeading: 'Dieser Link ist nicht gültig',
    invalidBody: 'Bitte nutze den Link aus der E-Mail, die du bekommen hast.',
    thisShop: 'diesem Shop',
  },
};
