import type { StaffWords } from './staff-words.ts';

export const EN: StaffWords = {
  greeting: (name) => `Hi ${name},`,
  kind: { problem: 'Problem', question: 'Question', reply: 'Reply' },
  subject: ({ kind, customer, order, words, urgent }) =>
    `${urgent ? 'Urgent: ' : ''}${kind} from ${customer}${order ? ` (order ${order})` : ''}: "${words}"`,
  opening: (reason, { customer, question, by, address }) => {
    switch (reason) {
      case 'new':
        return question
          ? `${customer} has a question. You signed the note they answered, so it comes to you.`
          : `${customer} wrote back, and it needs you.`;
      case 'new-message':
        return `${customer} wrote again about what you have open.`;
      case 'passed-on':
        return question
          ? `Nobody has answered ${customer} yet, so it comes to you now. ${customer} is waiting.`
          : `Nobody has acknowledged this yet, so it comes to you now. ${customer} is waiting.`;
      case 'reminder':
        return question ? `Still not answered: ${customer} is waiting.` : `Still not acknowledged: ${customer} is waiting.`;
      case 'reassigned':
        return `${by ?? 'Someone'} handed this to you. ${customer} is waiting.`;
      case 'someone-else':
        return `Someone other than ${customer} wrote into their conversation, from ${address}. By itself it changes nothing for ${customer}; have a look.`;
    }
  },
  wrote: (customer, at, language) => `What ${customer} wrote (${at}${language ? `, in ${language}` : ''}):`,
  someoneElse: (address, customer) => `Written by someone else: ${address}, not ${customer}'s address.`,
  noText: '(no text: see the conversation)',
  order: (name, total, fulfillment) => `Order ${name}: ${total}, ${fulfillment}`,
  fulfillment: { unfulfilled: 'not shipped yet', fulfilled: 'shipped', in_transit: 'on its way', delivered: 'delivered', failed: 'delivery failed' },
  customer: 'Customer',
  why: 'Why this came to you',
  acknowledgeBy: (at, urgent) => `Please acknowledge by ${at}${urgent ? ' (urgent)' : ''}.`,
  answerBy: (at) => `Please answer by ${at}.`,
  howToAnswer: (customer, url) =>
    `To answer ${customer}, reply to this email and write above this message: your answer goes to ${customer} from you, in the same thread. Or open the conversation: ${url}`,
  reminderCount: (count, max) => `Reminder ${count} of ${max}.`,

  reason: {
    problem: 'says',
    unhappy: 'sounds unhappy',
    urgent: 'money, law or safety at stake',
    question: 'asks a question',
    pleased: 'sounds pleased',
    'opt-out': 'asks for no more mail',
    shouting: 'written in capitals or with many exclamation marks',
    automatic: 'an automatic answer',
    nothing: 'nothing in particular stood out',
  },

  digestSubject: ({ store, waiting, praise }) =>
    `${store}: ${waiting} waiting for you${praise ? `, ${praise} kind word${praise === 1 ? '' : 's'}` : ''}`,
  digestIntro: (name) => `Good morning ${name}, here is what is open for you.`,
  digestWaiting: 'Waiting for you',
  digestSince: (at) => `since ${at}`,
  digestDue: (at) => `due ${at}`,
  digestQuiet: (count) => `no more reminders after ${count}`,
  digestClimbed: 'Passed on from you',
  digestClimbedTo: (customer, to, at) => `${customer}: went to ${to} (${at})`,
  digestPraise: 'Kind words',
  digestReplies: 'Other replies',
  digestFooter: (url) => `Answer any of them by replying to the notice about it, or in the console: ${url}\nAnswers to this digest reach no customer.`,

  refusalSubject: (subject) => `Not delivered: ${subject}`,
  refusal: (reason, { store, url }) => {
    switch (reason) {
      case 'not-staff':
        return `Your message was not passed on. This address takes answers only from the people of ${store}, and yours is not one of theirs.`;
      case 'unverified':
        return `Your message was not passed on: it could not be verified as coming from your address (its SPF and DKIM checks did not pass). Please answer from your usual mail account, or in the console: ${url}`;
      case 'empty':
        return `Your answer was empty above the quoted notice, so nothing was sent. Write your answer above the quote and send it again, or answer in the console: ${url}`;
      case 'quoted-notice':
        return `Your answer still seemed to contain our notice, so nothing was sent (the customer must not see it). Write your answer above the quote, delete the quoted notice, and send it again, or answer in the console: ${url}`;
      case 'digest':
        return `Answers to the daily digest reach no customer. To answer a customer, reply to the notice about their message, or use the console: ${url}`;
      case 'gone':
        return `That conversation no longer exists, so nothing was sent.`;
    }
  },

  checkBackSubject: (subject) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`),
  checkBack: ({ firstName, product, signer, store }) =>
    `Hi ${firstName ?? 'there'},\n\nI wanted to check back about ${product}: did everything get sorted out, and is it all right now? A quick reply is all I need. If something still isn't right, tell me and I'll take care of it.\n\n${signer}\n${store}\n`,

  console: {
    escalations: 'Escalations',
    conversations: 'Conversations',
    all: 'All',
    open: 'Open',
    acknowledged: 'Acknowledged',
    resolved: 'Resolved',
    closed: 'Closed',
    urgent: 'urgent',
    status: { open: 'open', acknowledged: 'acknowledged', resolved: 'resolved', closed: 'closed' },
    category: { complaint: 'problem', question: 'question', praise: 'praise', unsubscribe: 'opt-out', other: 'reply', 'auto-reply': 'automatic', bounce: 'bounce' },
    customerCol: 'Customer',
    wroteCol: 'What they wrote',
    ownerCol: 'With',
    acknowledgeByAt: (at) => `acknowledge by ${at}`,
    answerByAt: (at) => `answer by ${at}`,
    empty: 'Nothing here. Every customer who wrote has been looked after.',
    acknowledge: 'Acknowledge',
    resolve: 'Resolve',
    reassign: 'Hand to',
    to: 'Hand over',
    send: 'Send',
    signOut: 'Sign out',
    signIn: 'Sign in',
    token: 'Operator token',
    opened: (at) => `Opened ${at}`,
    acknowledgedAt: (at) => `acknowledged ${at}`,
    resolvedAt: (at) => `resolved ${at}`,
    ownerLabel: 'with',
    noOrder: 'No order found for this conversation.',
    why: 'Why',
    conversation: 'Conversation',
    noMessages: 'No messages.',
    answerLabel: (customer, signer) => `Answer ${customer} (sent from ${signer}, in the same email thread)`,
    customerSide: 'Customer',
    someoneElse: (address) => `written by someone else: ${address}`,
    inLanguage: (language) => `in ${language}`,
    notSent: 'not sent (yet)',
    writeSomething: 'Write something to send.',
    notFound: 'No such escalation or conversation.',
    checkBack: (at) => `check-back ${at}`,
    checkBackAnswer: (satisfied) => (satisfied ? 'satisfied' : 'not satisfied'),
    history: 'History',
    wrongToken: 'That is not the operator token.',
    formExpired: 'That form had expired. Please sign in again.',
  },
  unsubscribe: {
    confirmTitle: (store) => `Unsubscribe from ${store}`,
    confirmHeading: (store) => `Stop notes from ${store}?`,
    confirmBody: (store) => `You will no longer get personal notes from ${store} after your orders.`,
    button: 'Unsubscribe',
    doneTitle: 'Unsubscribed',
    doneHeading: "You're unsubscribed",
    doneBody: (store) => `${store} will not send you these notes any more.`,
    invalidTitle: 'Link not valid',
    invalidHeading: 'This link is not valid',
    invalidBody: 'Please use the link from the email you received.',
    thisShop: 'this shop',
  },
};
