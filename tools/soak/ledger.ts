import type { EventTimes } from './latency';
import type { SoakPlan } from './plan';
import type { SendOutcome } from './sender';
import { identityOfComment } from './soak-app';

/** What the run did, event by event: side effects (the bot's comments), and when. */
export interface Ledger extends EventTimes {
  /** Comments the bot posted during the run, by event identity. */
  readonly comments: ReadonlyMap<string, number>;
  /** Bot comments that carry no identity the run sent. */
  readonly stray: number;
}

/**
 * Reads the ledger: the first 200 each event got (the earliest of its copies and re-sends), and
 * the bot's comments in the simulator (`created_at` is when the handler's side effect was made).
 */
export function readLedger(input: {
  readonly plan: SoakPlan;
  readonly outcomes: readonly SendOutcome[];
  readonly comments: ReadonlyArray<{ actor: string; comment_html: string; created_at: number }>;
  readonly botId: string | undefined;
}): Ledger {
  const { plan } = input;
  const acceptedAt = new Map<string, number>();
  for (const outcome of input.outcomes) {
    const identity = outcome.request.identity;
    if (!identity || !(outcome.request.kind === 'valid' || outcome.request.kind === 'duplicate')) continue;
    for (const attempt of outcome.attempts) {
      if (attempt.status !== 200) continue;
      acceptedAt.set(identity, Math.min(acceptedAt.get(identity) ?? attempt.at, attempt.at));
    }
  }
  const comments = new Map<string, number>();
  const processedAt = new Map<string, number>();
  let stray = 0;
  for (const comment of input.comments) {
    if (comment.actor !== input.botId) continue;
    const identity = identityOfComment(comment.comment_html);
    if (!identity || !(plan.distinct.has(identity) || plan.mustNotExist.has(identity))) {
      stray += 1;
      continue;
    }
    comments.set(identity, (comments.get(identity) ?? 0) + 1);
    if (!processedAt.has(identity)) processedAt.set(identity, comment.created_at);
  }
  return { acceptedAt, processedAt, comments, stray };
}

/**
 * The late events processed after a newer event of the same work item (markers are the events'
 * `updated_at`): out-of-order delivery that really overtook.
 */
export function overtaken(late: ReadonlySet<string>, processedAt: ReadonlyMap<string, number>): string[] {
  const byItem = new Map<string, Array<{ marker: number; at: number }>>();
  for (const [identity, at] of processedAt) {
    const [item, marker] = identity.split(' ');
    const events = byItem.get(item) ?? [];
    events.push({ marker: Date.parse(marker), at });
    byItem.set(item, events);
  }
  return [...late].filter((identity) => {
    const [item, marker] = identity.split(' ');
    const at = processedAt.get(identity);
    return (
      at !== undefined && (byItem.get(item) ?? []).some((other) => other.marker > Date.parse(marker) && other.at < at)
    );
  });
}
