/**
 * Text into HTML: the characters that could end a text node or a double-quoted
 * attribute are written as entities, so text someone else wrote (a reviewer's
 * name, a CRM field) shows as text and never becomes markup.
 */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
