import {
  getProperty,
  getQueryPlan,
  getQueryMatcher,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
} from 'rxdb';
import type { PreparedQuery, RxDocumentData, RxStorageCountResult } from 'rxdb';
import type { SqlStatement } from './connection.js';
import { quoteIdent, type CollectionTable } from './collection-table.js';
import { encodeIndexKey } from './index-key.js';

interface RangeScan {
  sql: string;
  params: unknown[];
}

/**
 * Runs rxdb's prepared query plans as SQL range scans over the UTF-16BE index keys. The
 * selector is re-checked with rxdb's own matcher only when the plan says the index does not
 * satisfy it, and results are re-sorted with rxdb's comparator only when the index order is not
 * the requested order, so results equal what rxdb's memory storage returns.
 */
export class QueryRunner<T> {
  private readonly statements = new Map<string, SqlStatement>();

  constructor(private readonly table: CollectionTable<T>) {}

  private statement(sql: string, pluck: boolean): SqlStatement {
    const key = `${pluck ? 'p' : 'r'}:${sql}`;
    let st = this.statements.get(key);
    if (!st) {
      st = this.table.db.prepare(sql);
      if (pluck) st.pluck();
      this.statements.set(key, st);
    }
    return st;
  }

  /** The WHERE/ORDER of the plan's index range, or a full scan if the index is unknown. */
  private rangeScan(prepared: PreparedQuery<T>, select: string, descending = false): RangeScan {
    const { queryPlan } = prepared;
    const q = quoteIdent(this.table.table);
    const index = this.table.indexFor(queryPlan.index);
    // Tombstones are included: the matcher decides, as it does for rxdb's `_deleted` selector.
    if (!index) return { sql: `SELECT ${select} FROM ${q} ORDER BY id`, params: [] };
    const order = descending
      ? index.orderBy
          .split(', ')
          .map((c) => `${c} DESC`)
          .join(', ')
      : index.orderBy;
    const schema = this.table.schema;
    const lower = getStartIndexStringFromLowerBound(schema, queryPlan.index, queryPlan.startKeys);
    const upper = getStartIndexStringFromUpperBound(schema, queryPlan.index, queryPlan.endKeys);
    const c = index.column;
    const gt = queryPlan.inclusiveStart ? '>=' : '>';
    const lt = queryPlan.inclusiveEnd ? '<=' : '<';
    return {
      sql: `SELECT ${select} FROM ${q} WHERE ${c} ${gt} ? AND ${c} ${lt} ? ORDER BY ${order}`,
      params: [encodeIndexKey(lower), encodeIndexKey(upper)],
    };
  }

  private usesKnownIndex(prepared: PreparedQuery<T>): boolean {
    return this.table.indexFor(prepared.queryPlan.index) !== undefined;
  }

  query(prepared: PreparedQuery<T>): RxDocumentData<T>[] {
    const { query, queryPlan } = prepared;
    const skip = query.skip ?? 0;
    const limit = typeof query.limit === 'number' ? query.limit : Infinity;
    const known = this.usesKnownIndex(prepared);
    const needsMatcher = !known || !queryPlan.selectorSatisfiedByIndex;
    const needsSort = !known || !queryPlan.sortSatisfiedByIndex;
    const scan = this.rangeScan(prepared, 'data');

    if (!needsMatcher && !needsSort) {
      // Fully index-served: skip and limit go to SQL, nothing is parsed that is not returned.
      const sql = Number.isFinite(limit)
        ? `${scan.sql} LIMIT ? OFFSET ?`
        : `${scan.sql} LIMIT -1 OFFSET ?`;
      const params = Number.isFinite(limit)
        ? [...scan.params, limit, skip]
        : [...scan.params, skip];
      return (this.statement(sql, true).all(...params) as string[]).map(
        (json) => JSON.parse(json) as RxDocumentData<T>,
      );
    }

    const enough = skip + limit;
    if (needsSort && Number.isFinite(limit)) {
      const reversed = this.reversiblePlan(prepared);
      if (reversed) {
        const m = reversed.prepared.queryPlan.selectorSatisfiedByIndex
          ? undefined
          : getQueryMatcher(this.table.schema, query);
        return this.queryReversed(reversed.prepared, reversed.fields, m, skip, enough);
      }
    }
    const matcher = needsMatcher ? getQueryMatcher(this.table.schema, query) : undefined;
    let rows: RxDocumentData<T>[] = [];
    for (const json of this.statement(scan.sql, true).iterate(
      ...scan.params,
    ) as IterableIterator<string>) {
      const doc = JSON.parse(json) as RxDocumentData<T>;
      if (matcher && !matcher(doc)) continue;
      rows.push(doc);
      if (!needsSort && rows.length >= enough) break;
    }
    if (needsSort) rows.sort(getSortComparator(this.table.schema, query));
    if (skip > 0 || rows.length > enough) rows = rows.slice(skip, enough);
    return rows;
  }

  /**
   * The sort fields when the requested order is exactly the index order reversed (all `desc`,
   * e.g. the latest orders first), ignoring index fields fixed by `$eq` and the primary key that
   * rxdb appends as tiebreaker. Such a query with a limit can read the range backwards and stop
   * early instead of reading and sorting the whole range.
   */
  private reverseOfIndex(prepared: PreparedQuery<T>): string[] | undefined {
    const primary = this.table.primaryPath;
    const sort: [string, string][] = prepared.query.sort.map(
      (part) => (Object.entries(part)[0] as [string, string] | undefined) ?? ['', 'asc'],
    );
    if (sort[sort.length - 1]?.[0] === primary) sort.pop();
    if (sort.length === 0 || sort.some(([, dir]) => dir !== 'desc')) return undefined;
    const fields = sort.map(([field]) => field);
    const index = [...prepared.queryPlan.index];
    if (index[index.length - 1] === primary) index.pop();
    const selector = prepared.query.selector as Record<string, unknown>;
    while (index.length > fields.length && isEquality(selector[index[0] as string])) index.shift();
    return index.join('\u0000') === fields.join('\u0000') ? fields : undefined;
  }

  /**
   * rxdb's planner picks an index without regard to `desc` sorts (its storages re-sort anyway),
   * so when its plan cannot be read backwards, the plan of a schema index that can is computed
   * with rxdb's own getQueryPlan, which gives that index's range and whether it satisfies the
   * selector.
   */
  private reversiblePlan(
    prepared: PreparedQuery<T>,
  ): { prepared: PreparedQuery<T>; fields: string[] } | undefined {
    if (this.usesKnownIndex(prepared)) {
      const fields = this.reverseOfIndex(prepared);
      if (fields) return { prepared, fields };
    }
    for (const index of this.table.indexes) {
      const candidate: PreparedQuery<T> = {
        query: prepared.query,
        queryPlan: getQueryPlan(this.table.schema, { ...prepared.query, index: index.fields }),
      };
      const fields = this.reverseOfIndex(candidate);
      if (fields) return { prepared: candidate, fields };
    }
    return undefined;
  }

  /**
   * Reads the range backwards until skip+limit documents matched, plus every further document
   * that ties with the last one on the sort fields (they may belong in the page once the
   * primary-key tiebreak is applied), then sorts that set with rxdb's comparator.
   */
  private queryReversed(
    prepared: PreparedQuery<T>,
    sortFields: string[],
    matcher: ((doc: RxDocumentData<T>) => boolean) | undefined,
    skip: number,
    enough: number,
  ): RxDocumentData<T>[] {
    const scan = this.rangeScan(prepared, 'data', true);
    const keyOf = (doc: RxDocumentData<T>) =>
      JSON.stringify(sortFields.map((f) => getProperty(doc, f) as unknown));
    const rows: RxDocumentData<T>[] = [];
    let boundary: string | undefined;
    for (const json of this.statement(scan.sql, true).iterate(
      ...scan.params,
    ) as IterableIterator<string>) {
      const doc = JSON.parse(json) as RxDocumentData<T>;
      if (matcher && !matcher(doc)) continue;
      if (boundary !== undefined && keyOf(doc) !== boundary) break;
      rows.push(doc);
      if (boundary === undefined && rows.length >= enough) boundary = keyOf(doc);
    }
    rows.sort(getSortComparator(this.table.schema, prepared.query));
    return rows.slice(skip, enough);
  }

  /** Same number as query(...).length; counted in SQL when the index satisfies the selector. */
  count(prepared: PreparedQuery<T>): RxStorageCountResult {
    const { query, queryPlan } = prepared;
    const skip = query.skip ?? 0;
    const limit = typeof query.limit === 'number' ? query.limit : Infinity;
    let total: number;
    if (this.usesKnownIndex(prepared) && queryPlan.selectorSatisfiedByIndex) {
      const scan = this.rangeScan(prepared, 'COUNT(*)');
      const sql = scan.sql.replace(/ ORDER BY .*$/, '');
      total = this.statement(sql, true).get(...scan.params) as number;
    } else {
      const matcher = getQueryMatcher(this.table.schema, query);
      const scan = this.rangeScan(prepared, 'data');
      total = 0;
      for (const json of this.statement(scan.sql, true).iterate(
        ...scan.params,
      ) as IterableIterator<string>) {
        if (matcher(JSON.parse(json) as RxDocumentData<T>)) total++;
      }
    }
    return { count: Math.max(0, Math.min(total - skip, limit)), mode: 'fast' };
  }
}

function isEquality(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return condition !== undefined;
  return Object.prototype.hasOwnProperty.call(condition, '$eq');
}
