import type { PyJson, SimInstallation, SimUser, SimulatorData, SimWorkItem } from '../../lambdas/local/plane-simulator';
import { pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { isoTimestamp } from '../../lambdas/local/plane-simulator/format/timestamps';
import { workItemWebhookData } from '../../lambdas/local/plane-simulator/resources/work-items/serializer';
import { webhookEnvelope } from '../../lambdas/local/plane-simulator/webhooks/envelope';
import type { Rng } from './prng';

export interface EventFactoryInput {
  readonly rng: Rng;
  readonly data: SimulatorData;
  readonly installation: SimInstallation;
  readonly actor: SimUser;
  readonly pool: readonly SimWorkItem[];
}

/** One fresh `issue` event: its v1 envelope and its identity, `<work item id> <updated_at>`. */
export interface FreshEvent {
  readonly envelope: Record<string, PyJson>;
  readonly identity: string;
}

const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
/** Markers are `updated_at` values one millisecond apart from here, so each distinct event has its own bytes. */
const MARKER_BASE = Date.UTC(2031, 0, 1, 9, 0, 0);
const WORDS = ['checkout', 'fails', 'when', 'the', 'cart', 'holds', 'items', 'café', 'naïve', 'log', 'retry', 'see'];
/**
 * Plane's webhook carries a description five ways (HTML, text, the editor document twice, its
 * base64 form): the body is about four times the HTML (test/local/plane-simulator-work-item-bodies).
 */
const BODY_PER_HTML_BYTE = 4;

/** A description of about `htmlBytes` bytes: paragraphs of seeded words, so every large body differs. */
function longDescription(rng: Rng, htmlBytes: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  while (length < htmlBytes) {
    const words = Array.from({ length: 40 }, () => rng.pick(WORDS)).join(' ');
    const paragraph = `<p>${paragraphs.length}: ${words}.</p>`;
    paragraphs.push(paragraph);
    length += paragraph.length;
  }
  return paragraphs.join('');
}

/**
 * Makes the soak's events as the simulator's webhook sender would: a work item of the pool, a
 * priority change (or, one in ten, its creation), a unique `updated_at` marker, and on request a
 * description long enough for a body of about `bodyBytes` (Plane sends the whole description on
 * every update, so a long one makes every webhook of that item hundreds of KB).
 */
export function createEventFactory(input: EventFactoryInput): (bodyBytes?: number) => FreshEvent {
  const { rng, data, installation, actor, pool } = input;
  let markers = 0;
  return (bodyBytes) => {
    const item = rng.pick(pool);
    markers += 1;
    const marker = isoTimestamp(MARKER_BASE + markers);
    const created = rng.next() < 0.1;
    const priority = rng.pick(PRIORITIES);
    const activity = created ? { actor } : { actor, field: 'priority', oldValue: item.priority, newValue: priority };
    const build = (htmlBytes?: number) => {
      const source = htmlBytes ? { ...item, description_html: longDescription(rng, htmlBytes) } : item;
      const fields = { ...workItemWebhookData(source, data), priority, updated_at: marker };
      return webhookEnvelope('issue', created ? 'created' : 'updated', installation, fields, activity);
    };
    let htmlBytes = bodyBytes && bodyBytes / BODY_PER_HTML_BYTE;
    let envelope = build(htmlBytes);
    // The ratio is only an estimate (escaping, the editor document): a body over the target is
    // built again to scale, so none passes ingest's 413 limit (DEFAULT_MAX_BODY_BYTES, 4.48 MiB).
    for (let tries = 0; bodyBytes && tries < 3; tries += 1) {
      const actual = Buffer.byteLength(pythonJsonDumps(envelope), 'utf8');
      if (actual <= bodyBytes) break;
      htmlBytes = Math.floor(((htmlBytes ?? 0) * bodyBytes * 0.95) / actual);
      envelope = build(htmlBytes);
    }
    return { envelope, identity: `${item.id} ${marker}` };
  };
}
