import type { StaffWords } from './staff-words.ts';

export const ES: StaffWords = {
  greeting: (name) => `Hola ${name}:`,
  kind: { problem: 'Problema', question: 'Pregunta', reply: 'Respuesta' },
  subject: ({ kind, customer, order, words, urgent }) =>
    `${urgent ? 'Urgente: ' : ''}${kind} de ${customer}${order ? ` (pedido ${order})` : ''}: «${words}»`,
  opening: (reason, { customer, question, by, address }) => {
    switch (reason) {
      case 'new':
        return question
          ? `${customer} tiene una pregunta. Tú firmaste el mensaje al que respondió, así que te llega a ti.`
          : `${customer} ha respondido, y te necesita.`;
      case 'new-message':
        return `${customer} ha vuelto a escribir sobre lo que tienes abierto.`;
      case 'passed-on':
        return question
          ? `Nadie ha respondido todavía a ${customer}, así que ahora te llega a ti. ${customer} está esperando.`
          : `Nadie lo ha confirmado todavía, así que ahora te llega a ti. ${customer} está esperando.`;
      case 'reminder':
        return question ? `Sigue sin respuesta: ${customer} está esperando.` : `Sigue sin confirmar: ${customer} está esperando.`;
      case 'reassigned':
        return `${by ?? 'Alguien'} te ha pasado esto. ${customer} está esperando.`;
      case 'someone-else':
        return `Alguien que no es ${customer} ha escrito en esta conversación, desde ${address}. Por sí solo no cambia nada para ${customer}; échale un vistazo.`;
    }
  },
  wrote: (customer, at, language) => `Lo que escribió ${customer} (${at}${language ? `, en ${language}` : ''}):`,
  someoneElse: (address, customer) => `Escrito por otra persona: ${address}, no la dirección de ${customer}.`,
  noText: '(sin texto: mira la conversación)',
  order: (name, total, fulfillment) => `Pedido ${name}: ${total}, ${fulfillment}`,
  fulfillment: { unfulfilled: 'sin enviar', fulfilled: 'enviado', in_transit: 'en camino', delivered: 'entregado', failed: 'entrega fallida' },
  customer: 'Cliente',
  why: 'Por qué te llega',
  acknowledgeBy: (at, urgent) => `Confírmalo antes de ${at}${urgent ? ' (urgente)' : ''}.`,
  answerBy: (at) => `Respóndelo antes de ${at}.`,
  howToAnswer: (customer, url) =>
    `Para responder a ${customer}, responde a este correo escribiendo encima de este mensaje: tu respuesta le llega a ${customer} de tu parte, en el mismo hilo. O abre la conversación: ${url}`,
  reminderCount: (count, max) => `Recordatorio ${count} de ${max}.`,

  reason: {
    problem: 'dice',
    unhappy: 'parece descontento',
    urgent: 'hay dinero, ley o seguridad en juego',
    question: 'hace una pregunta',
    pleased: 'parece contento',
    'opt-out': 'no quiere más correos',
    shouting: 'escrito en mayúsculas o con muchos signos de exclamación',
    automatic: 'una respuesta automática',
    nothing: 'nada en particular',
  },

  digestSubject: ({ store, waiting, praise }) =>
    `${store}: ${waiting} esperando${praise ? `, ${praise} ${praise === 1 ? 'palabra amable' : 'palabras amables'}` : ''}`,
  digestIntro: (name) => `Buenos días, ${name}. Esto es lo que tienes abierto.`,
  digestWaiting: 'Te espera',
  digestSince: (at) => `desde ${at}`,
  digestDue: (at) => `vence ${at}`,
  digestQuiet: (count) => `sin más recordatorios después de ${count}`,
  digestClimbed: 'Pasado a otra persona',
  digestClimbedTo: (customer, to, at) => `${customer}: pasó a ${to} (${at})`,
  digestPraise: 'Palabras amables',
  digestReplies: 'Otras respuestas',
  digestFooter: (url) =>
    `Responde desde el aviso correspondiente o en la consola: ${url}\nLas respuestas a este resumen no llegan a ningún cliente.`,

  refusalSubject: (subject) => `No entregado: ${subject}`,
  refusal: (reason, { store, url }) => {
    switch (reason) {
      case 'not-staff':
        return `Tu mensaje no se ha reenviado. Esta dirección solo acepta respuestas del equipo de ${store}, y la tuya no es una de ellas.`;
      case 'unverified':
        return `Tu mensaje no se ha reenviado: no se pudo comprobar que viene de tu dirección (SPF y DKIM no superados). Responde desde tu cuenta habitual o en la consola: ${url}`;
      case 'empty':
        return `Tu respuesta estaba vacía encima del aviso citado, así que no se envió nada. Escribe encima de la cita y envíala de nuevo, o responde en la consola: ${url}`;
      case 'quoted-notice':
        return `Tu respuesta parecía contener todavía nuestro aviso, así que no se envió nada (el cliente no debe verlo). Escribe encima de la cita, borra el aviso citado y envíala de nuevo, o responde en la consola: ${url}`;
      case 'digest':
        return `Las respuestas al resumen diario no llegan a ningún cliente. Para responder a un cliente, responde al aviso sobre su mensaje o usa la consola: ${url}`;
      case 'gone':
        return `Esa conversación ya no existe, así que no se envió nada.`;
    }
  },

  checkBackSubject: (subject) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`),
  checkBack: ({ firstName, product, signer, store }) =>
    `Hola${firstName ? `, ${firstName}` : ''}:\n\nQuería volver a preguntarte por ${product}: ¿se solucionó todo y está todo bien ahora? Con una respuesta corta me basta. Si algo sigue sin estar bien, dímelo y me encargo.\n\n${signer}\n${store}\n`,

  console: {
    escalations: 'Escalados',
    conversations: 'Conversaciones',
    all: 'Todas',
    open: 'Abiertas',
    acknowledged: 'Confirmadas',
    resolved: 'Resueltas',
    closed: 'Cerradas',
    urgent: 'urgente',
    status: { open: 'abierta', acknowledged: 'confirmada', resolved: 'resuelta', closed: 'cerrada' },
    category: { complaint: 'problema', question: 'pregunta', praise: 'elogio', unsubscribe: 'baja', other: 'respuesta', 'auto-reply': 'automática', bounce: 'rebote' },
    customerCol: 'Cliente',
    wroteCol: 'Lo que escribió',
    ownerCol: 'Con',
    acknowledgeByAt: (at) => `confirmar antes de ${at}`,
    answerByAt: (at) => `responder antes de ${at}`,
    empty: 'Nada por aquí. Todos los clientes que escribieron han sido atendidos.',
    acknowledge: 'Confirmar',
    resolve: 'Resolver',
    reassign: 'Pasar a',
    to: 'Pasar',
    send: 'Enviar',
    signOut: 'Cerrar sesión',
    signIn: 'Iniciar sesión',
    token: 'Token de operador',
    opened: (at) => `Abierta ${at}`,
    acknowledgedAt: (at) => `confirmada ${at}`,
    resolvedAt: (at) => `resuelta ${at}`,
    ownerLabel: 'con',
    noOrder: 'No se encontró ningún pedido para esta conversación.',
    why: 'Por qué',
    conversation: 'Conversación',
    noMessages: 'Sin mensajes.',
    answerLabel: (customer, signer) => `Responder a ${customer} (enviado por ${signer}, en el mismo hilo)`,
    customerSide: 'Cliente',
    someoneElse: (address) => `escrito por otra persona: ${address}`,
    inLanguage: (language) => `en ${language}`,
    notSent: 'no enviado (todavía)',
    writeSomething: 'Escribe algo para enviar.',
    notFound: 'No existe ese escalado ni esa conversación.',
    checkBack: (at) => `seguimiento ${at}`,
    checkBackAnswer: (satisfied) => (satisfied ? 'satisfecho' : 'no satisfecho'),
    history: 'Historial',
    wrongToken: 'Ese no es el token de operador.',
    formExpired: 'El formulario había caducado. Vuelve a iniciar sesión.',
  },
  unsubscribe: {
    confirmTitle: (store) => `Darse de baja de ${store}`,
    confirmHeading: (store) => `¿Dejar de recibir mensajes de ${store}?`,
    confirmBody: (store) => `Ya no recibirás mensajes personales de ${store} después de tus pedidos.`,
    button: 'Darme de baja',
    doneTitle: 'Baja confirmada',
    doneHeading: 'Te has dado de baja',
    doneBody: (store) => `${store} ya no te enviará estos mensajes.`,
    invalidTitle: 'Enlace no válido',
    invalidHeading: 'Este enlace no es válido',
    invalidBody: 'Usa el enlace del correo que recibiste.',
    thisShop: 'esta tienda',
  },
};
