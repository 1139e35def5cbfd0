/**
 * The HTML part: the plain text again, paragraph for paragraph, as a mail client writes a note
 * someone typed (Gmail sends one too). No styles, images, links or layout: the text part is the
 * note, and this only lets HTML-first clients show it in their normal font and wrapping.
 */
export function htmlMirror(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}

/** Text content only (never an attribute), so &, < and > are all there is to escape. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
