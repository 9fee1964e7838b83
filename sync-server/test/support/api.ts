export interface Answer<T = unknown> {
  status: number;
  body: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A thin HTTP caller for tests: real requests to the server on its port. */
export function api(url: string, token: string | null) {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer<Json>> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as Json) };
  };
  return {
    call,
    push: (
      collection: string,
      docs: Record<string, unknown>[],
      assumed?: Record<string, unknown>,
    ) =>
      call(
        'POST',
        `/v1/sync/${collection}/push`,
        docs.map((d) => ({
          newDocumentState: d,
          ...(assumed ? { assumedMasterState: assumed } : {}),
        })),
      ),
    pushRows: (collection: string, rows: unknown[]) =>
      call('POST', `/v1/sync/${collection}/push`, rows),
    pull: (collection: string, checkpoint: unknown = null, limit = 100) =>
      call('POST', `/v1/sync/${collection}/pull`, { checkpoint, limit }),
  };
}
