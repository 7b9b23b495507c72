import type { Logger } from '../../lambdas/core/logger';
import type { AppSetup } from '../../lambdas/core/router';

/** The text of the one comment the soak app posts per `issue` event: `soak <work item id> <marker>`. */
function commentText(workItemId: string, marker: string): string {
  return `<p>soak ${workItemId} ${marker}</p>`;
}

/** Reads the identity (`<work item id> <marker>`) back out of a comment the soak app posted. */
export function identityOfComment(html: string): string | undefined {
  const match = /^<p>soak (\S+) (\S+)<\/p>$/.exec(html);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

export interface CrashSwitch {
  on: boolean;
  /** Identities of the poison events: the handler throws for them while the switch is on. */
  readonly poison: Set<string>;
  /** Times the handler threw on purpose. */
  thrown: number;
}

/**
 * The soak's app: one side effect per `issue` event, a comment posted WITHOUT `external_id`, so a
 * doubled event shows as a doubled comment. The marker is the event's `data.updated_at`, which the
 * soak makes unique per distinct event.
 */
export function createSoakApp(crash: CrashSwitch): AppSetup {
  return (app) => {
    app.on('issue', async (event, ctx) => {
      const marker = event.data.updated_at ?? 'none';
      const identity = `${event.data.id} ${marker}`;
      if (crash.on && crash.poison.has(identity)) {
        crash.thrown += 1;
        throw new Error('soak: poison event, crash switch on');
      }
      const project = event.data.project;
      if (!project) throw new Error('soak: issue event without data.project');
      await ctx.plane.request('POST', `/projects/${project}/work-items/${event.data.id}/comments/`, {
        body: { comment_html: commentText(event.data.id, marker) },
      });
    });
  };
}

export interface LogTally {
  readonly log: Logger;
  readonly errors: Map<string, number>;
  readonly warnings: Map<string, number>;
  /** The `error` field of the first error logged with each message: what the report shows as its cause. */
  readonly firstCause: Map<string, string>;
}

/** The `code` of a logged error (describeError's object), if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A logger that drops debug and info lines and counts warnings and errors by message. */
export function createQuietLogger(): LogTally {
  const errors = new Map<string, number>();
  const warnings = new Map<string, number>();
  const firstCause = new Map<string, string>();
  const bump = (map: Map<string, number>, message: string) => map.set(message, (map.get(message) ?? 0) + 1);
  const log: Logger = {
    debug() {},
    info() {},
    // A failed record is counted by its error's code (token_budget, deadline, reinstall_needed...), so
    // the report shows why events used up their receives, not only how many times they failed.
    warn: (message, fields) => {
      const code = codeOf(fields?.error);
      bump(warnings, code ? `${message} (${code})` : message);
    },
    error: (message, fields) => {
      bump(errors, message);
      const cause = fields?.error;
      if (cause === undefined || firstCause.has(message)) return;
      // describeError gives an object ({ name, message, ... }); a plain String() would print [object Object].
      firstCause.set(message, (typeof cause === 'string' ? cause : JSON.stringify(cause)).slice(0, 200));
    },
    child: () => log,
  };
  return { log, errors, warnings, firstCause };
}

/** Sums the functions' EMF metric lines by `Name` and `Name|Dimension=value`. */
export function createMetricTally(): { sink: (line: string) => void; get: (key: string) => number } {
  const totals = new Map<string, number>();
  const add = (key: string, value: number) => totals.set(key, (totals.get(key) ?? 0) + value);
  return {
    sink(line) {
      const parsed = JSON.parse(line) as Record<string, unknown> & {
        _aws?: { CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name?: string }> }> };
      };
      const name = parsed._aws?.CloudWatchMetrics?.[0]?.Metrics?.[0]?.Name;
      const value = name ? parsed[name] : undefined;
      if (!name || typeof value !== 'number') return;
      add(name, value);
      for (const [key, dimension] of Object.entries(parsed)) {
        if (key !== 'Stage' && key !== '_aws' && key !== name && typeof dimension === 'string')
          add(`${name}|${key}=${dimension}`, value);
      }
    },
    get: (key) => totals.get(key) ?? 0,
  };
}
