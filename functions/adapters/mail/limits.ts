/**
 * How much of a message is read, so that any message (10 MB, thousands of parts, hostile HTML)
 * costs bounded time and memory. A customer's reply is at the top of a message, so cutting the
 * rest loses nothing they wrote.
 */
export const LIMITS = {
  /** The customer's words kept whole up to this length; longer words are cut and marked. */
  words: 20_000,
  /** Characters of a text part (or of HTML turned into text) searched for the quoted history. */
  scannedText: 200_000,
  /** The whole text kept on the mail (`InboundMail.text`). */
  wholeText: 100_000,
  /** Characters of an HTML part parsed. */
  html: 2_000_000,
  /** Elements open at once that the HTML reader keeps track of; deeper ones count as one. */
  htmlDepth: 512,
  /**
   * Bytes and lines of the raw message that are parsed: the customer's words are near the top,
   * and the whole message stays in the raw-mail store. (postal-mime spends ~10–30 µs on each
   * line of an unencoded part, so the line count, not the size, is what bounds the time.)
   */
  rawBytes: 4 * 1024 * 1024,
  rawLines: 20_000,
  /** MIME parts nested deeper than this make the body unreadable (the headers are still read). */
  mimeDepth: 64,
  /** Bytes of header sections in the whole message (postal-mime counts them across parts). */
  mimeHeaders: 4 * 1024 * 1024,
  /** A second decoding with another charset is tried only on messages up to this size. */
  charsetRetryBytes: 4 * 1024 * 1024,
} as const;
