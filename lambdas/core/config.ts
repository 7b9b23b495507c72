import { ConfigError } from './errors';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Reads required and optional settings at once and throws one ConfigError naming every missing or
 * malformed one, rather than failing on the first or defaulting a missing value to ''.
 */
export function readSettings<R extends string, O extends string = never>(
  env: EnvSource,
  spec: { required: readonly R[]; optional?: readonly O[]; urls?: readonly (R | O)[] },
): Record<R, string> & Partial<Record<O, string>> {
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const name of spec.required) {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    else out[name] = value;
  }
  for (const name of spec.optional ?? []) {
    const value = env[name]?.trim();
    if (value) out[name] = value;
  }
  for (const name of spec.urls ?? []) {
    const value = out[name];
    if (value !== undefined && !/^https?:\/\/[^\s/]+/.test(value))
      problems.push(`${name} must be an http(s) URL, got "${value.slice(0, 80)}"`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Record<R, string> & Partial<Record<O, string>>;
}

/** A positive integer setting with a default; a malformed value is a ConfigError. */
export function readInteger(env: EnvSource, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError([`${name} must be a positive integer, got "${raw.slice(0, 40)}"`]);
  return value;
}
