/**
 * The SES message tags an escalation's notice carries, so that its Send event says which notice
 * of which escalation went out: the evidence that settles a notice whose send outcome the sender
 * could not know, or whose "sent" the sender could not record.
 *
 * SES tag values take only ASCII letters, digits, `_` and `-`: the escalation id's one dot (store
 * ids have no underscore) becomes an underscore, and the notice's key is written in base64url.
 */
export const ESCALATION_NOTICE = 'escalation-notice';

export function noticeTags(escalationId: string, key: string): Record<string, string> {
  return { escalationId: escalationId.replace('.', '_'), kind: ESCALATION_NOTICE, notice: Buffer.from(key, 'utf8').toString('base64url') };
}

/** The escalation and the notice a Send event's tags name, or null for any other mail. */
export function noticeOfTags(tags: Record<string, string[] | undefined> | undefined): { escalationId: string; key: string } | null {
  const escalation = tags?.escalationId?.[0];
  const notice = tags?.notice?.[0];
  if (tags?.kind?.[0] !== ESCALATION_NOTICE || !escalation || !notice) return null;
  const dot = escalation.lastIndexOf('_');
  if (dot < 0) return null;
  return { escalationId: `${escalation.slice(0, dot)}.${escalation.slice(dot + 1)}`, key: Buffer.from(notice, 'base64url').toString('utf8') };
}
