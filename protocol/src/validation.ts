import type { z } from 'zod';

/** One problem found in an input, with the path of the field it is about. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Thrown when input at a boundary does not match its schema. The message names every offending
 * field (`lines[2].quantity: must be ...`), so an integrator can fix a payload from the error alone.
 */
export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly what: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(
      `invalid ${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ValidationError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

/** Parses without throwing: the expected-outcome tier. */
export function safeParse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): ParseResult<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: new ValidationError(what, issuesOf(r.error)) };
}

/** Parses or throws a ValidationError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const r = safeParse(schema, input, what);
  if (!r.ok) throw r.error;
  return r.value;
}
