/** A stored document as its plain protocol shape: no RxDB meta fields (_rev, _meta, …). */
export function plain<T>(doc: { toMutableJSON(withMetaFields?: boolean): unknown }): T {
  return stripMeta(doc.toMutableJSON(false) as Record<string, unknown>) as T;
}

export function stripMeta(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v;
  return out;
}
