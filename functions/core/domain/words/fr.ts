import type { StaffWords } from './staff-words.ts';

export const FR: StaffWords = {
  greeting: (name) => `Bonjour ${name},`,
  kind: { problem: 'Problème', question: 'Question', reply: 'Réponse' },
  subject: ({ kind, customer, order, words, urgent }) =>
    `${urgent ? 'Urgent : ' : ''}${kind} de ${customer}${order ? ` (commande ${order})` : ''} : « ${words} »`,
  opening: (reason, { customer, question, by, address }) => {
    switch (reason) {
      case 'new':
        return question
          ? `${customer} a une question. Vous avez signé le message auquel il a été répondu, elle vous revient donc.`
          : `${customer} a répondu, et cela demande votre attention.`;
      case 'new-message':
        return `${customer} a écrit de nouveau au sujet de ce que vous avez en cours.`;
      case 'passed-on':
        return question
          ? `Personne n'a encore répondu à ${customer}, cela vous revient donc maintenant. ${customer} attend.`
          : `Personne n'a encore pris cela en charge, cela vous revient donc maintenant. ${customer} attend.`;
      case 'reminder':
        return question ? `Toujours sans réponse : ${customer} attend.` : `Toujours pas pris en charge : ${customer} attend.`;
      case 'reassigned':
        return `${by ?? "Quelqu'un"} vous a confié ceci. ${customer} attend.`;
      case 'someone-else':
        return `Quelqu'un d'autre que ${customer} a écrit dans cette conversation, depuis ${address}. Cela ne change rien pour ${customer} en soi ; jetez-y un œil.`;
    }
  },
  wrote: (customer, at, language) => `Ce qu'a écrit ${customer} (${at}${language ? `, en ${language}` : ''}) :`,
  someoneElse: (address, customer) => `Écrit par quelqu'un d'autre : ${address}, pas l'adresse de ${customer}.`,
  noText: '(pas de texte : voir la conversation)',
  order: (name, total, fulfillment) => `Commande ${name} : ${total}, ${fulfillment}`,
  fulfillment: { unfulfilled: 'pas encore expédiée', fulfilled: 'expédiée', in_transit: 'en route', delivered: 'livrée', failed: 'échec de livraison' },
  customer: 'Client',
  why: 'Pourquoi cela vous revient',
  acknowledgeBy: (at, urgent) => `Merci de prendre en charge avant ${at}${urgent ? ' (urgent)' : ''}.`,
  answerBy: (at) => `Merci de répondre avant ${at}.`,
  howToAnswer: (customer, url) =>
    `Pour répondre à ${customer}, répondez à cet e-mail en écrivant au-dessus de ce message : votre réponse part vers ${customer} de votre part, dans le même fil. Ou ouvrez la conversation : ${url}`,
  reminderCount: (count, max) => `Rappel ${count} sur ${max}.`,

  reason: {
    problem: 'écrit',
    unhappy: 'semble mécontent',
    urgent: "argent, droit ou sécurité en jeu",
    question: 'pose une question',
    pleased: 'semble content',
    'opt-out': "ne veut plus recevoir d'e-mails",
    shouting: "écrit en majuscules ou avec beaucoup de points d'exclamation",
    automatic: 'une réponse automatique',
    nothing: "rien de particulier n'est ressorti",
  },

  digestSubject: ({ store, waiting, praise }) =>
    `${store} : ${waiting} en attente${praise ? `, ${praise} mot${praise === 1 ? '' : 's'} gentil${praise === 1 ? '' : 's'}` : ''}`,
  digestIntro: (name) => `Bonjour ${name}, voici ce qui est en cours pour vous.`,
  digestWaiting: 'Vous attend',
  digestSince: (at) => `depuis ${at}`,
  digestDue: (at) => `échéance ${at}`,
  digestQuiet: (count) => `plus de rappels après ${count}`,
  digestClimbed: 'Passé à quelqu’un d’autre',
  digestClimbedTo: (customer, to, at) => `${customer} : transmis à ${to} (${at})`,
  digestPraise: 'Mots gentils',
  digestReplies: 'Autres réponses',
  digestFooter: (url) =>
    `Répondez depuis la notification correspondante, ou dans la console : ${url}\nLes réponses à ce récapitulatif n'atteignent aucun client.`,

  refusalSubject: (subject) => `Non transmis : ${subject}`,
  refusal: (reason, { store, url }) => {
    switch (reason) {
      case 'not-staff':
        return `Votre message n'a pas été transmis. Cette adresse n'accepte que les réponses de l'équipe de ${store}, et la vôtre n'en fait pas partie.`;
      case 'unverified':
        return `Votre message n'a pas été transmis : impossible de vérifier qu'il vient de votre adresse (SPF et DKIM non validés). Répondez depuis votre compte habituel, ou dans la console : ${url}`;
      case 'empty':
        return `Votre réponse était vide au-dessus de la notification citée, rien n'a donc été envoyé. Écrivez au-dessus de la citation et renvoyez-la, ou répondez dans la console : ${url}`;
      case 'quoted-notice':
        return `Votre réponse semblait encore contenir notre notification, rien n'a donc été envoyé (le client ne doit pas la voir). Écrivez au-dessus de la citation, supprimez la notification citée et renvoyez-la, ou répondez dans la console : ${url}`;
      case 'digest':
        return `Les réponses au récapitulatif quotidien n'atteignent aucun client. Pour répondre à un client, répondez à la notification concernant son message, ou utilisez la console : ${url}`;
      case 'gone':
        return `Cette conversation n'existe plus, rien n'a donc été envoyé.`;
    }
  },

  checkBackSubject: (subject) => (/^(re|réf)\s?:/i.test(subject) ? subject : `Re: ${subject}`),
  checkBack: ({ firstName, product, signer, store }) =>
    `Bonjour${firstName ? ` ${firstName}` : ''},\n\nJe reviens vers vous au sujet de ${product} : tout a-t-il été réglé, et tout va bien maintenant ? Un petit mot suffit. Si quelque chose ne va toujours pas, dites-le-moi et je m'en occupe.\n\n${signer}\n${store}\n`,

  console: {
    escalations: 'Escalades',
    conversations: 'Conversations',
    all: 'Toutes',
    open: 'Ouvertes',
    acknowledged: 'Prises en charge',
    resolved: 'Résolues',
    closed: 'Closes',
    urgent: 'urgent',
    status: { open: 'ouverte', acknowledged: 'prise en charge', resolved: 'résolue', closed: 'close' },
    category: { complaint: 'problème', question: 'question', praise: 'compliment', unsubscribe: 'désinscription', other: 'réponse', 'auto-reply': 'automatique', bounce: 'rejet' },
    customerCol: 'Client',
    wroteCol: 'Ce qui a été écrit',
    ownerCol: 'Chez',
    acknowledgeByAt: (at) => `à prendre en charge avant ${at}`,
    answerByAt: (at) => `à répondre avant ${at}`,
    empty: "Rien ici. Chaque client qui a écrit a été pris en charge.",
    acknowledge: 'Prendre en charge',
    resolve: 'Résoudre',
    reassign: 'Confier à',
    to: 'Confier',
    send: 'Envoyer',
    signOut: 'Se déconnecter',
    signIn: 'Se connecter',
    token: "Jeton d'opérateur",
    opened: (at) => `Ouverte ${at}`,
    acknowledgedAt: (at) => `prise en charge ${at}`,
    resolvedAt: (at) => `résolue ${at}`,
    ownerLabel: 'chez',
    noOrder: 'Aucune commande trouvée pour cette conversation.',
    why: 'Pourquoi',
    conversation: 'Conversation',
    noMessages: 'Aucun message.',
    answerLabel: (customer, signer) => `Répondre à ${customer} (envoyé par ${signer}, dans le même fil)`,
    customerSide: 'Client',
    someoneElse: (address) => `écrit par quelqu'un d'autre : ${address}`,
    inLanguage: (language) => `en ${language}`,
    notSent: 'pas (encore) envoyé',
    writeSomething: 'Écrivez quelque chose à envoyer.',
    notFound: "Cette escalade ou cette conversation n'existe pas.",
    checkBack: (at) => `relance ${at}`,
    checkBackAnswer: (satisfied) => (satisfied ? 'satisfait' : 'pas satisfait'),
    history: 'Historique',
    wrongToken: "Ce n'est pas le jeton d'opérateur.",
    formExpired: 'Ce formulaire avait expiré. Merci de vous reconnecter.',
  },
  unsubscribe: {
    confirmTitle: (store) => `Se désinscrire de ${store}`,
    confirmHeading: (store) => `Ne plus recevoir de messages de ${store} ?`,
    confirmBody: (store) => `Vous ne recevrez plus de messages personnels de ${store} après vos commandes.`,
    button: 'Se désinscrire',
    doneTitle: 'Désinscription confirmée',
    doneHeading: 'Vous êtes désinscrit',
    doneBody: (store) => `${store} ne vous enverra plus ces messages.`,
    invalidTitle: 'Lien non valide',
    invalidHeading: "Ce lien n'est pas valide",
    invalidBody: "Merci d'utiliser le lien de l'e-mail que vous avez reçu.",
    thisShop: 'cette boutique',
  },
};
