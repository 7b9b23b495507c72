/**
 * A tiny schema checker for the stage settings in cdk.json. Each check returns the parsed value
 * or records a problem, so a bad file is reported in one go rather than one error per synth.
 */

/** Problems found so far, each prefixed with the cdk.json path of the offending value. */
export type Problems = string[];

/** Checks one value: returns it (typed) or pushes a problem and returns undefined. */
export type Check<T> = (value: unknown, path: string, problems: Problems) => T | undefined;

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function fail(problems: Problems, path: string, expected: string, value: unknown): undefined {
  problems.push(`${path}: expected ${expected}, got ${describe(value)}`);
  return undefined;
}

/** Any string (empty allowed). */
export const aString: Check<string> = (value, path, problems) =>
  typeof value === 'string' ? value : fail(problems, path, 'a string', value);

/** A boolean. */
export const aBoolean: Check<boolean> = (value, path, problems) =>
  typeof value === 'boolean' ? value : fail(problems, path, 'true or false', value);

/** An https URL; trailing slashes are dropped so callers can append paths. */
export const anHttpsUrl: Check<string> = (value, path, problems) => {
  if (typeof value !== 'string') return fail(problems, path, 'an https URL string', value);
  try {
    if (new URL(value).protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // fall through to the problem below
  }
  return fail(problems, path, 'an https URL (https://...)', value);
};

/** An e-mail address (a plausibility check; SNS confirms the real thing). */
export const anEmail: Check<string> = (value, path, problems) =>
  typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
    ? value
    : fail(problems, path, 'an e-mail address', value);

/** A finite number in [min, max], optionally an integer. */
export function aNumber(opts: { min: number; max: number; integer?: boolean }): Check<number> {
  const kind = opts.integer ? 'an integer' : 'a number';
  return (value, path, problems) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= opts.min &&
    value <= opts.max &&
    (!opts.integer || Number.isInteger(value))
      ? value
      : fail(problems, path, `${kind} from ${opts.min} to ${opts.max}`, value);
}

/** One of a fixed list of numbers. */
export function oneOf(allowed: readonly number[]): Check<number> {
  return (value, path, problems) =>
    typeof value === 'number' && allowed.includes(value)
      ? value
      : fail(problems, path, `one of ${allowed.join(', ')}`, value);
}

/** The checks for each key of an object; unknown keys are problems too. */
export type Shape = Record<string, Check<unknown>>;

/** The parsed form of an object described by a Shape (every key optional). */
export type Parsed<S extends Shape> = { -readonly [K in keyof S]?: S[K] extends Check<infer T> ? T : never };

/** An object whose keys are all known and whose values pass their checks. */
export function anObject<S extends Shape>(shape: S): Check<Parsed<S>> {
  return (value, path, problems) => {
    if (!isRecord(value)) return fail(problems, path, 'an object', value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const check = shape[key];
      if (!check) {
        problems.push(`${path}.${key}: unknown setting (known: ${Object.keys(shape).join(', ')})`);
        continue;
      }
      const parsed = check(item, `${path}.${key}`, problems);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as Parsed<S>;
  };
}
