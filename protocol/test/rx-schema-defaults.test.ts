import { describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, rxSchemaFor } from '../src/index.js';

/** Paths of every `default` keyword below the top level of the properties. */
function nestedDefaults(node: unknown, path: string, depth: number, out: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((n, i) => nestedDefaults(n, `${path}[${i}]`, depth, out));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'default' && depth > 1) out.push(path);
      nestedDefaults(value, `${path}.${key}`, depth + 1, out);
    }
  }
  return out;
}

describe('rxSchemaFor and defaults', () => {
  it('keeps no default below the top level (RxDB refuses them with SC7)', () => {
    for (const name of COLLECTION_NAMES) {
      const props = rxSchemaFor(name).properties;
      const found = Object.entries(props).flatMap(([field, schema]) =>
        Object.entries(schema).flatMap(([k, v]) =>
          k === 'default' ? [] : nestedDefaults(v, `${name}.${field}.${k}`, 2, []),
        ),
      );
      expect(found).toEqual([]);
    }
  });

  it('keeps top-level defaults', () => {
    const promotions = rxSchemaFor('promotions').properties;
    expect(promotions.stackGroup?.default).toBe('item');
    expect(promotions.priority?.default).toBe(100);
  });
});
