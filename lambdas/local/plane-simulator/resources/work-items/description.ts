import type { JsonObject } from '../../format/python-json';
import { stripTags } from '../../format/rich-text';

const BLOCK = /<(p|h[1-6]|blockquote|li)\b[^>]*>([\s\S]*?)<\/\1>/gi;

/**
 * The editor document Plane keeps beside the HTML (`description_json`, a TipTap/ProseMirror doc):
 * one node per block element, its text as one text node.
 */
function documentOf(html: string): JsonObject {
  const blocks = [...html.matchAll(BLOCK)].map((match): JsonObject => {
    const text = stripTags(match[2]);
    const type = match[1].toLowerCase().startsWith('h') ? 'heading' : 'paragraph';
    return {
      type,
      attrs: type === 'heading' ? { level: Number(match[1].slice(1)), textAlign: null } : { textAlign: null },
      ...(text ? { content: [{ type: 'text', text }] } : {}),
    };
  });
  return { type: 'doc', content: blocks.length > 0 ? blocks : [{ type: 'paragraph', attrs: { textAlign: null } }] };
}

/**
 * The description fields of a work item as Plane's webhook serialiser writes them, in the model's
 * order (`Issue` in apps/api/plane/db/models/issue.py: description_json, description_html,
 * description_stripped, description_binary; `IssueExpandSerializer` in
 * apps/api/plane/api/serializers/issue.py also sends description_json again as `description`).
 * description_stripped is null for an empty description (Issue.save). description_binary is the
 * editor's Y.js document, which Django serialises as base64 (BinaryField.value_to_string); the
 * simulator has no Y.js, so it stands in with the encoded document: not a real Y.js update, but of
 * the same order of size, so a long description gives a body of Plane's size.
 */
export function descriptionFields(html: string): { document: JsonObject; fields: JsonObject } {
  const document = documentOf(html);
  return {
    document,
    fields: {
      description_json: document,
      description_html: html,
      description_stripped: html ? stripTags(html) : null,
      description_binary: Buffer.from(JSON.stringify(document), 'utf8').toString('base64'),
    },
  };
}
