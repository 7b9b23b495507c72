/**
 * The events an app subscribes to: the names its router's handlers are registered under. The CDK
 * app reads them at synth and hands them to ingest (lib/ writes them with `formatSubscriptions`,
 * ingest reads them with `parseSubscriptions`), so ingest can answer 200 to a webhook that no
 * handler wants without queueing it. No imports: lib/ may use this file (.dependency-cruiser.cjs).
 *
 * A subscription is an event name or a pattern:
 * - `issue` matches every action of work items, `issue.created` only creations (as `app.on` does);
 * - `*` in a pattern stands for any run of characters other than `.`: `issue.*` matches
 *   `issue.created` and `issue.deleted` (an event with an action), `*.deleted` every deletion,
 *   `agent_run_*` both agent events;
 * - `*` alone matches every event (`app.onAny`).
 * A pattern matches an event when it matches one of the event's names: its resource (`issue`),
 * its full name (`issue.created`), or another name it routes under (`agent_run_user_prompt.prompted`).
 */

/** The subscription of `app.onAny`: every event. */
export const ALL_EVENTS = '*';

/** Characters of event names (envelope.ts) plus `*`; as short as Plane's names. */
const PATTERN = /^[A-Za-z0-9_.:*-]{1,100}$/;

/** The names an event routes under (its resource, full name and aliases), as the router and ingest match them. */
export function routingNames(event: {
  readonly event: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}): string[] {
  return [event.event, event.name, ...(event.aliases ?? [])];
}

/** Why `text` is not a subscription, or undefined when it is one. */
export function subscriptionProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length === 0) return 'an event name must be a non-empty string';
  if (!PATTERN.test(text))
    return `"${text.slice(0, 100)}" is not an event name: use letters, digits and _ . : - (and * as a wildcard)`;
  return undefined;
}

/** A test of one event name against one subscription. */
export function nameMatcher(subscription: string): (name: string) => boolean {
  if (subscription === ALL_EVENTS) return () => true;
  if (!subscription.includes('*')) return (name) => name === subscription;
  const source = subscription
    .split('*')
    .map((part) => part.replace(/[.]/g, '\\.'))
    .join('[^.]*');
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}

/** Whether an event with these routing names is wanted by any of `subscriptions`. */
export function subscribedBy(subscriptions: readonly string[]): (names: readonly string[]) => boolean {
  const matchers = subscriptions.map(nameMatcher);
  return (names) => names.some((name) => matchers.some((matches) => matches(name)));
}

/** The setting's value: a JSON array of the subscriptions, sorted, each once (`*` alone when it is there). */
export function formatSubscriptions(subscriptions: readonly string[]): string {
  const problems = subscriptions.map(subscriptionProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  const unique = [...new Set(subscriptions)].sort();
  return JSON.stringify(unique.includes(ALL_EVENTS) ? [ALL_EVENTS] : unique);
}

/** Reads the setting written by `formatSubscriptions`; throws a TypeError saying what is wrong. */
export function parseSubscriptions(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TypeError('must be a JSON array of event names, e.g. ["issue.created","issue_comment"]');
  }
  if (!Array.isArray(value)) throw new TypeError('must be a JSON array of event names');
  const problems = value.map(subscriptionProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  return value as string[];
}
