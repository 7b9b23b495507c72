/**
 * A Python `float`. JS has one number type, so `65535` would be written as an int; Plane's
 * float fields (`sort_order`: `models.FloatField`) come out of `json.dumps` as `65535.0`.
 */
export class PyFloat {
  constructor(readonly value: number) {}

  /** REST answers go through `JSON.stringify`, which writes the plain number. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * A JSON value as Python's `json` module sees it. Objects keep insertion order; a `Map` may be
 * used where keys look like integers (plain JS objects move those to the front).
 */
export type PyJson =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | readonly PyJson[]
  | ReadonlyMap<string, PyJson>
  | { readonly [key: string]: PyJson | undefined };

/** A JSON object under construction; key order is the order of assignment, as in Python. */
export type JsonObject = { [key: string]: PyJson };

/** Python's `json.dumps` short escapes; everything else outside printable ASCII becomes `\uXXXX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function pyString(value: string): string {
  // Python's ESCAPE_ASCII pattern: a quote, a backslash, or anything outside ' '..'~'.
  const escaped = value.replace(/["\\]|[^ -~]/g, (char) => {
    const short = SHORT_ESCAPES[char];
    if (short) return short;
    // JS strings are UTF-16 already, so astral characters come out as surrogate pairs, as in Python.
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/**
 * Python's `float.__repr__`: shortest round-trip digits, `.0` on integral values, scientific
 * notation when the decimal exponent is below -4 or at least 16, and a two-digit signed
 * exponent (`1e-07`).
 */
function pyFloat(value: number): string {
  if (!Number.isFinite(value))
    throw new TypeError(`cannot serialise ${value}: Plane's sender rejects NaN and Infinity`);
  if (Object.is(value, -0)) return '-0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // Integral floats keep a `.0` (`65535.0`, `9007199254740994.0`) until the exponent reaches 16 (`1e+22`).
  if (exponent >= -4 && exponent < 16) return Number.isInteger(value) ? `${value}.0` : String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/**
 * A plain JS number: safe integers as Python ints (JS cannot tell `1` from `1.0`; Plane's
 * integral fields are ints), anything else as a float. Wrap float fields in `PyFloat`.
 */
function pyNumber(value: number): string {
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : pyFloat(value);
}

function entriesOf(
  value: ReadonlyMap<string, PyJson> | { readonly [key: string]: PyJson | undefined },
): [string, PyJson][] {
  const entries: [string, PyJson | undefined][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  // Python has no `undefined`: such keys are left out, as JSON.stringify does.
  return entries.filter((entry): entry is [string, PyJson] => entry[1] !== undefined);
}

/**
 * Serialises a value exactly like Python's `json.dumps(value)` with default arguments:
 * separators `", "` and `": "`, keys in insertion order, `ensure_ascii` escaping (`\u00e9`,
 * surrogate pairs for astral characters, lowercase hex), `/` left alone. These are the bytes Plane
 * signs and sends in a webhook body.
 */
export function pythonJsonDumps(value: PyJson): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (value instanceof PyFloat) return pyFloat(value.value);
  if (Array.isArray(value)) {
    return `[${(value as readonly PyJson[]).map((item) => pythonJsonDumps(item)).join(', ')}]`;
  }
  const members = entriesOf(value as ReadonlyMap<string, PyJson>).map(
    ([key, item]) => `${pyString(key)}: ${pythonJsonDumps(item)}`,
  );
  return `{${members.join(', ')}}`;
}
