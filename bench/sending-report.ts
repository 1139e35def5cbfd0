/** The printed form of section 4. */
import { sumUnits } from './capacity.ts';
import { heading, meets, ms, num, pct, perSecond, seconds, table } from './format.ts';
import { capacityTable, cpuTable, supportTable } from './intake-report.ts';
import type { Run } from './intake.ts';
import { SENDER_CONCURRENCY, type SendingResult } from './sending.ts';

/**
 * Write units per email on the sweeper's and the sender's path (docs/scheduling.md): the hand-over
 * to the queue and the claim each move the note's index entry (1 + 2), the daily send slot on
 * the customer (1), the attempt (1), the record (1 + 1 for leaving the index): ten, and one more
 * for a note whose recorded text takes it past 1 KB.
 */
export const SENDING_TARGETS = { writesPerEmail: 11 } as const;

export function sendingFigures(r: SendingResult) {
  const sent = r.drain.sent;
  const writes = sumUnits(r.capacity, (_, kind) => kind === 'write');
  const reads = sumUnits(r.capacity, (_, kind) => kind === 'read');
  // The runtime feeds SES's Send event straight back to the ses-events handler, which reads the
  // note and settles it if it is still `sending`; that is another function in AWS.
  const eventPath = (c: string) => c.includes('SES Send event') || c === 'GetItem note';
  const pathWrites = sumUnits(r.capacity, (c, kind) => kind === 'write' && !eventPath(c));
  const pathReads = sumUnits(r.capacity, (c, kind) => kind === 'read' && !eventPath(c));
  const eventWrites = sumUnits(r.capacity, (c, kind) => kind === 'write' && eventPath(c));
  const updateCalls = Object.entries(r.capacity.categories)
    .filter(([c]) => c.startsWith('UpdateItem'))
    .reduce((s, [, t]) => s + t.calls, 0);
  const ses = (r.sesBefore.perSecond + r.sesAfter.perSecond) / 2;
  const updates = (r.updateBefore.perSecond + r.updateAfter.perSecond) / 2;
  const updatesPerEmail = updateCalls / sent;
  return {
    sent,
    writesPerEmail: writes.units / sent,
    readsPerEmail: reads.units / sent,
    pathWritesPerEmail: pathWrites.units / sent,
    pathReadsPerEmail: pathReads.units / sent,
    eventWritesPerEmail: eventWrites.units / sent,
    eventFailedPerEmail: eventWrites.failedConditional / sent,
    updatesPerEmail,
    ses,
    updates,
    vsSes: r.drain.perSecond / ses,
    /** The rate DynamoDB Local would allow if the note's UpdateItem calls were all there was. */
    updateBound: updates / updatesPerEmail,
    vsUpdates: r.drain.perSecond / (updates / updatesPerEmail),
  };
}

export function reportSending(r: SendingResult): { text: string; summary: string } {
  const f = sendingFigures(r);
  const row = (what: string, run: Run) => [what, num(run.requests), ms(run.wallMs, 0), perSecond(run.perSecond), ms(run.latency.p50), ms(run.latency.p99), num(run.errors)];
  const per = f.sent || 1;
  const lines = [
    heading('4. Sending: sweeper + sender draining due notes into the local SES endpoint'),
    `  ${num(r.loadedItems)} items (profile, order, note per customer) written with BatchWriteItem in ${seconds(r.loadMs)} ` +
      `(${perSecond((r.loadedItems / r.loadMs) * 1000)})${r.planMs > 0 ? `, read by the planner in ${seconds(r.planMs)}${r.planError ? ` (planner failed: ${r.planError})` : ''}` : ''}; ` +
      `${num(r.warmupNotes)} notes sent first as a warm-up; ` +
      `sender concurrency ${SENDER_CONCURRENCY} (queue batches of 5, sent side by side), raw calls at the same concurrency; message ${num(r.rawMessageBytes)} B`,
    '',
    table(
      ['run', 'count', 'wall', 'rate', 'p50', 'p99', 'errors'],
      [
        row('raw SendRawEmail → local SES endpoint (before)', r.sesBefore),
        row('raw UpdateItem → DynamoDB Local (before)', r.updateBefore),
        [`pipeline: advanceTo → sweep → queue → send-mail → SES`, num(r.drain.sent), ms(r.drain.wallMs, 0), perSecond(r.drain.perSecond), '', '', num(r.drain.deadLetters)],
        row('raw SendRawEmail → local SES endpoint (after)', r.sesAfter),
        row('raw UpdateItem → DynamoDB Local (after)', r.updateAfter),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    table(
      ['figure', 'value', 'target', 'met'],
      [
        ['notes sent / due', `${num(f.sent)} / ${num(r.notes)}; ${num(r.drain.deadLetters)} dead letters, ${num(r.drain.queueLeft)} left in the queue`, 'all', meets(f.sent === r.notes && r.drain.deadLetters === 0)],
        ['status of a sample of the notes', Object.entries(r.statusSample).map(([k, v]) => `${num(v)} ${k}`).join(', '), 'all sent', meets(Object.keys(r.statusSample).every((k) => k === 'sent'))],
        ['pipeline / raw SendRawEmail', `${pct(f.vsSes)} (${perSecond(r.drain.perSecond)} / ${perSecond(f.ses)})`, '', ''],
        [
          `pipeline / (raw UpdateItem ÷ ${num(f.updatesPerEmail, 1)} UpdateItem per email)`,
          `${pct(f.vsUpdates)} (${perSecond(r.drain.perSecond)} / ${perSecond(f.updateBound)})`,
          '',
          '',
        ],
        ['write units per email sent, sweeper + sender', `${num(f.pathWritesPerEmail, 2)} WCU`, `≤ ${SENDING_TARGETS.writesPerEmail}`, meets(f.pathWritesPerEmail <= SENDING_TARGETS.writesPerEmail)],
        [
          '  + SES Send event settling a note still `sending`',
          `${num(f.eventWritesPerEmail, 2)} WCU (+ ${num(f.eventFailedPerEmail, 2)} failed conditional writes)`,
          '',
          '',
        ],
        ['write units per email sent, all', `${num(f.writesPerEmail, 2)} WCU`, '', ''],
        ['read units per email sent, sweeper + sender / all', `${num(f.pathReadsPerEmail, 2)} / ${num(f.readsPerEmail, 2)} RCU`, '', ''],
      ],
      ['l', 'l', 'l', 'l'],
    ),
    '',
    `  Capacity per email sent (${num(f.sent)} emails; includes the SES Send event the runtime feeds back to ses-events):`,
    capacityTable(r.capacity, per, 'email'),
    '',
    '  CPU per email / per raw call (the local SES endpoint parses every message on the runtime\'s main thread, so the raw',
    '  SendRawEmail line, client and endpoint together, is part of the pipeline\'s main-thread figure too):',
    cpuTable([
      ['raw SendRawEmail (before)', r.sesBefore],
      ['raw UpdateItem (before)', r.updateBefore],
      ['pipeline, per email', { requests: per, cpu: r.drain.cpu }],
    ]),
    '',
    '  The runtime hands SES\'s Send event to the ses-events handler soon after the endpoint accepts a message, sometimes before',
    '  the sender has recorded it as sent; the handler then settles the note (a write the sender\'s record follows). In AWS the',
    '  event comes later through SNS, and a read settles it.',
    '',
    '  ConsumedCapacity reported by DynamoDB Local, by command (the drain):',
    supportTable(r.capacity),
  ];
  const summary =
    `${num(f.sent)}/${num(r.notes)} notes sent at ${perSecond(r.drain.perSecond)} = ${pct(f.vsSes)} of raw SES ${perSecond(f.ses)} and ` +
    `${pct(f.vsUpdates)} of raw UpdateItem ÷ ${num(f.updatesPerEmail, 1)}; ${num(f.pathWritesPerEmail, 2)} WCU per email by sweeper + sender [target ≤ ${SENDING_TARGETS.writesPerEmail}: ${meets(f.pathWritesPerEmail <= SENDING_TARGETS.writesPerEmail)}] ` +
    `(${num(f.writesPerEmail, 2)} with the Send event), ${num(f.readsPerEmail, 2)} RCU`;
  lines.push('', `  Summary: ${summary}`);
  return { text: lines.join('\n'), summary };
}
