/** Reading Plane's rich-text comments: mentions and the plain text around them. */

const MENTION = /<mention-component\b([^>]*)>(?:\s*<\/mention-component>)?/gi;
const ATTRIBUTE = /([\w-]+)\s*=\s*"([^"]*)"/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(ATTRIBUTE)) out[name.toLowerCase()] = value;
  return out;
}

/** The user ids mentioned in `html` (`<mention-component entity_identifier="..." entity_name="user_mention">`). */
function mentionedUserIds(html: string | null | undefined): string[] {
  if (!html) return [];
  return [...html.matchAll(MENTION)]
    .map((match) => attributes(match[1]))
    .filter((attrs) => (attrs.entity_name ?? 'user_mention') === 'user_mention' && attrs.entity_identifier)
    .map((attrs) => attrs.entity_identifier);
}

export function mentions(html: string | null | undefined, userId: string): boolean {
  return mentionedUserIds(html).includes(userId);
}

/** The comment as plain text with mentions removed: what the user asked the bot. */
export function commandText(html: string | null | undefined): string {
  return (html ?? '')
    .replace(MENTION, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A prompt's `content.body` as a command: the server sends the comment's HTML, the bot's mention
 * included (EE apps/api/plane/agents/bgtasks/agent_run_user_comment_task.py); the docs show plain
 * text (developer-docs docs/dev-tools/agents/building-an-agent.md). Only HTML is stripped, so a
 * plain `a < b` stays as typed.
 */
export function promptText(body: string | null | undefined): string {
  const value = body ?? '';
  return /<\/?[a-z][\w-]*(\s[^>]*)?>/i.test(value) ? commandText(value) : value.replace(/\s+/g, ' ').trim();
}
