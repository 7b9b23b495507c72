import { SimHttpError } from '../http/http-io';
import type { SimulatorData } from '../simulator-data';

// Request fields read the way Django REST Framework's serializer fields read them, with DRF's
// messages. Each reader returns `undefined` when the field is absent (partial updates).

type Body = Readonly<Record<string, unknown>>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `{"<field>": ["<message>"]}`, status 400. */
export function fieldError(field: string, message: string): SimHttpError {
  return new SimHttpError(400, { [field]: [message] });
}

/** What a serializer's `validate()` raises: `{"non_field_errors": ["<message>"]}`, status 400. */
export function nonFieldError(message: string): SimHttpError {
  return new SimHttpError(400, { non_field_errors: [message] });
}

export function readText(body: Body, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw fieldError(field, 'Not a valid string.');
  if (value.length > maxLength) throw fieldError(field, `Ensure this field has no more than ${maxLength} characters.`);
  return value;
}

export function readNullableText(body: Body, field: string, maxLength: number): string | null | undefined {
  return body[field] === null ? null : readText(body, field, maxLength);
}

/** A model's `name` (`CharField(max_length=255)`): required on create, never blank. */
export function readName(body: Body, creating: boolean): string | undefined {
  const name = readText(body, 'name', 255);
  if (name === undefined && creating) throw fieldError('name', 'This field is required.');
  if (name !== undefined && name.trim() === '') throw fieldError('name', 'This field may not be blank.');
  return name;
}

export function readBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (value === true || value === 'true' || value === 'True' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 'False' || value === 0 || value === '0') return false;
  throw fieldError(field, 'Must be a valid boolean.');
}

export function readInteger(body: Body, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw fieldError(field, 'A valid integer is required.');
  if (number < min) throw fieldError(field, `Ensure this value is greater than or equal to ${min}.`);
  if (number > max) throw fieldError(field, `Ensure this value is less than or equal to ${max}.`);
  return number;
}

export function readChoice<T extends string>(body: Body, field: string, choices: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) throw fieldError(field, `"${String(value)}" is not a valid choice.`);
  return choice;
}

/** A `DateField`: `YYYY-MM-DD` or null. */
export function readDate(body: Body, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw fieldError(field, 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
  }
  return value;
}

export function readIdList(body: Body, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw fieldError(field, 'Expected a list of items.');
  }
  return value as string[];
}

/** A user `PrimaryKeyRelatedField` (`allow_null` as the model field): the id, checked to exist. */
export function readUserId(body: Body, field: string, data: SimulatorData): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  const user = data.users.find((candidate) => candidate.id === value);
  if (!user) throw fieldError(field, `Invalid pk "${String(value)}" - object does not exist.`);
  return user.id;
}

/** `external_source` and `external_id` (`CharField(max_length=255, null=True)`), those sent only. */
export function readExternalIds(body: Body): { external_source?: string | null; external_id?: string | null } {
  const ids: { external_source?: string | null; external_id?: string | null } = {};
  for (const field of ['external_source', 'external_id'] as const) {
    const value = readNullableText(body, field, 255);
    if (value !== undefined) ids[field] = value;
  }
  return ids;
}
