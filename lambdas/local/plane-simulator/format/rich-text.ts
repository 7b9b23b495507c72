import { randomUUID } from 'node:crypto';

const MENTION_TAG = /<mention-component\b([^>]*)>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/**
 * The user ids mentioned in Plane rich text: `<mention-component ... entity_identifier="<uuid>"
 * entity_name="user_mention">` elements, attributes in any order and either quote style.
 */
export function mentionedUserIds(html: string): string[] {
  const ids: string[] = [];
  for (const match of html.matchAll(MENTION_TAG)) {
    const attributes = attributesOf(match[1]);
    const id = attributes.get('entity_identifier');
    if (attributes.get('entity_name') === 'user_mention' && id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The markup Plane's editor produces when someone mentions `user` (e.g. the app's bot). */
export function mentionHtml(user: { readonly id: string; readonly display_name: string }): string {
  return (
    `<mention-component id="${randomUUID()}" label="${escapeAttribute(user.display_name)}" ` +
    `entity_identifier="${user.id}" entity_name="user_mention"></mention-component>`
  );
}

/** Plain text of rich text, for `comment_stripped`. */
export function stripTags(html: string): string {
  return (
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      // Numeric references too: the kit's escapeHtml writes `&#38;`, `&#34;`, ... in bot replies.
      .replace(/&#(\d{1,7});/g, (ref, code: string) =>
        Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : ref,
      )
      .replace(/&amp;/g, '&')
      .trim()
  );
}
