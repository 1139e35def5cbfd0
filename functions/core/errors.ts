/**
 * Failures the use cases tell apart. Expected outcomes (a duplicate, a held note) are values,
 * not errors; these are for what went wrong.
 */

/** SES throttled the send: it dropped the message, so it is safe and right to send later. */
export class MailThrottledError extends Error {
  override name = 'MailThrottledError';
}

/** SES refused the message for good (bad address, rejected content): sending again will not help. */
export class MailRejectedError extends Error {
  override name = 'MailRejectedError';
}

/**
 * The send may or may not have reached SES (timeout, reset connection). Sending again could
 * mean a second email, so the note is reconciled from SES's Send events instead.
 */
export class MailOutcomeUnknownError extends Error {
  override name = 'MailOutcomeUnknownError';
}

/** Another writer changed the item first; the caller reloads and decides again. */
export class ConcurrentChangeError extends Error {
  override name = 'ConcurrentChangeError';
}

/** A deployment or runtime setting is missing or wrong: the process must not start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function assertIsError(value: unknown): asserts value is Error {
  if (!(value instanceof Error)) throw new Error(`non-error thrown: ${String(value)}`);
}

/**
 * A received message that cannot be read as MIME at all (hostile nesting, broken structure):
 * reading it again will not help, so a front door answers it as rejected instead of "try later".
 */
export class UnreadableMailError extends Error {
  override name = 'UnreadableMailError';
}
