import { FIXTURES, withWorkspace } from '../../lambdas/local/fixtures';
import { type PyJson, pythonJsonDumps } from '../../lambdas/local/plane-simulator';
import { type MentionTarget, mentionCommentBody } from './signed-events';

/**
 * The webhooks the cost cases are made of. Plane sends one `issue.updated` per changed field;
 * `comment.mention` asks the bot for `help` (one reply), `comment.plain` mentions nobody.
 */
export const EVENT_KINDS = [
  'issue.updated',
  'issue.created',
  'comment.mention',
  'comment.plain',
  'agent_run_create',
  'agent_run_user_prompt',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** One traffic case: shares of event kinds, summing to 1. */
export type TrafficMix = ReadonlyArray<{ readonly kind: EventKind; readonly share: number }>;

/** The three cases `npm run bench` prices, in the order it prints them. */
export const TRAFFIC_CASES: ReadonlyArray<{ readonly name: string; readonly mix: TrafficMix }> = [
  { name: 'all handled', mix: [{ kind: 'comment.mention', share: 1 }] },
  { name: 'none handled', mix: [{ kind: 'issue.updated', share: 1 }] },
  {
    // A mention agent's workspace: 70% issue.updated, 10% issue.created, 15% issue_comment.created of
    // which a third mention the bot, 5% agent runs (their two webhooks, half each).
    name: 'example mix',
    mix: [
      { kind: 'issue.updated', share: 0.7 },
      { kind: 'issue.created', share: 0.1 },
      { kind: 'comment.mention', share: 0.05 },
      { kind: 'comment.plain', share: 0.1 },
      { kind: 'agent_run_create', share: 0.025 },
      { kind: 'agent_run_user_prompt', share: 0.025 },
    ],
  },
];

const MARKER = '__BENCH_SEQUENCE__';

/** A fixture rendered once, with `webhook_id` numbered by string splicing: distinct bytes, so distinct dedup keys. */
function numbered(fixture: string, workspaceId: string): (sequence: number) => string {
  const body = withWorkspace(FIXTURES[fixture].body, workspaceId) as { [key: string]: PyJson };
  const [before, after] = pythonJsonDumps({ ...body, webhook_id: MARKER }).split(MARKER);
  return (sequence) => `${before}3c2c32ac-82df-48b3-be2a-${String(sequence).padStart(12, '0')}${after}`;
}

/** Distinct bodies of one kind, in `target`'s workspace (its work item for the comments). */
export function kindBodies(kind: EventKind, target: MentionTarget): (sequence: number) => string {
  switch (kind) {
    case 'comment.mention':
      return (sequence) => mentionCommentBody(target, sequence);
    case 'comment.plain':
      return (sequence) => mentionCommentBody({ ...target, mentionHtml: 'Looks like a CSS issue.' }, sequence);
    case 'issue.updated':
      return numbered('issue-updated', target.workspaceId);
    case 'issue.created':
      return numbered('issue-created', target.workspaceId);
    default:
      return numbered(kind, target.workspaceId);
  }
}
