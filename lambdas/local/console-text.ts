import { stripTags } from './plane-simulator/format/rich-text';

/**
 * Rich text (a comment's `comment_html`, an agent activity's body) as people read it: a mention
 * shows as `@name` (Plane's `label`), paragraphs and `<br>` as line breaks, the rest as plain
 * text with its entities decoded. The caller escapes it for the page.
 */
export function readableText(html: string): string {
  return stripTags(
    html
      .replace(/<mention-component\b[^>]*?\blabel="([^"]*)"[^>]*>/gi, '@$1')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p\b[^>]*>/gi, '\n'),
  );
}
