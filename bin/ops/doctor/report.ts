/** The result of one check: passed, failed with the fix, or skipped because an earlier check failed. */
export type CheckOutcome =
  | { readonly status: 'pass'; readonly detail: string }
  | { readonly status: 'fail'; readonly detail: string; readonly fix: string }
  | { readonly status: 'skip'; readonly detail: string };

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string, fix: string): CheckOutcome => ({ status: 'fail', detail, fix });
export const skip = (detail: string): CheckOutcome => ({ status: 'skip', detail });

/** What earlier checks found out, for later ones: URLs from the outputs, values from the secrets. */
export interface DoctorFacts {
  setupUrl?: string;
  redirectUri?: string;
  webhookUrl?: string;
  /** The client id the app should send to Plane, when known (JSON client secret, or local settings). */
  clientId?: string;
  /** The webhook secret to sign the test webhook with (never printed). */
  webhookSecret?: string;
  /** The events the stage's ingest lets through; unknown (a stack from before subscriptions): all of them. */
  subscriptions?: readonly string[];
}

export interface Check {
  readonly name: string;
  /** Facts this check cannot run without; it is skipped, naming them, when an earlier check did not find them. */
  readonly needs?: ReadonlyArray<keyof DoctorFacts>;
  run(facts: DoctorFacts): Promise<CheckOutcome>;
}

const SYMBOL = { pass: '✓', fail: '✗', skip: '–' } as const;

const FACT_NAMES: Record<keyof DoctorFacts, string> = {
  setupUrl: 'the Setup URL',
  redirectUri: 'the Redirect URI',
  webhookUrl: 'the Webhook URL',
  clientId: 'the client id',
  webhookSecret: 'the webhook secret',
  subscriptions: "the app's subscriptions",
};

/** One line per check (`✓ name: detail`), and for a failure a second line with its fix. */
function formatOutcome(name: string, outcome: CheckOutcome): string {
  const line = `${SYMBOL[outcome.status]} ${name}: ${outcome.detail}`;
  return outcome.status === 'fail' ? `${line}\n    fix: ${outcome.fix}` : line;
}

/**
 * Runs the checks in order, printing each as it finishes. True only when none failed (a skip
 * follows a failure, so it never hides one). A check that throws is a failure with its message.
 */
export async function runChecks(
  checks: readonly Check[],
  write: (line: string) => void,
  facts: DoctorFacts = {},
): Promise<boolean> {
  const count = { pass: 0, fail: 0, skip: 0 };
  for (const check of checks) {
    const missing = (check.needs ?? []).filter((need) => facts[need] === undefined);
    let outcome: CheckOutcome;
    if (missing.length > 0)
      outcome = skip(`not checked: needs ${missing.map((need) => FACT_NAMES[need]).join(' and ')} (see above)`);
    else {
      try {
        outcome = await check.run(facts);
      } catch (error) {
        outcome = fail(
          error instanceof Error ? error.message : String(error),
          'see the message; run doctor again once it is fixed',
        );
      }
    }
    count[outcome.status] += 1;
    write(formatOutcome(check.name, outcome));
  }
  const skipped = count.skip > 0 ? `, ${count.skip} skipped` : '';
  write(
    count.fail === 0
      ? `All checks passed (${count.pass}${skipped}).`
      : `${count.fail} of ${checks.length} checks failed${skipped}.`,
  );
  return count.fail === 0;
}
