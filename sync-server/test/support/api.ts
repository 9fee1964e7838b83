export type Doc = Record<string, unknown>;

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface PullBody {
  documents: Doc[];
  checkpoint: { epoch: string; seq: number };
  restarted?: 'epoch' | 'expired';
}

export interface PushBody {
  conflicts: Doc[];
  rejected: { id: string | null; code: string; reason: string }[];
  written: number;
  unchanged: number;
  derived: number;
}

/**
 * A test reads the part of an answer it expects (success body or ErrorBody); when that part is
 * missing the test fails on it, which is what it should do.
 */
export type Body<T> = T & ErrorBody;

export interface Answer<T> {
  status: number;
  body: Body<T>;
}

/** A thin HTTP caller for tests: real requests to the server on its port. */
export function api(url: string, token: string | null) {
  const call = async <T = Doc>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = (text === '' ? {} : JSON.parse(text)) as Body<T>;
    return { status: res.status, body: parsed } satisfies Answer<T>;
  };
  return {
    call,
    push: (collection: string, docs: Doc[], assumed?: Doc) =>
      call<PushBody>(
        'POST',
        `/v1/sync/${collection}/push`,
        docs.map((d) => ({
          newDocumentState: d,
          ...(assumed ? { assumedMasterState: assumed } : {}),
        })),
      ),
    pull: (collection: string, checkpoint: unknown = null, limit = 100) =>
      call<PullBody>('POST', `/v1/sync/${collection}/pull`, { checkpoint, limit }),
  };
}

/** The ids of pulled documents. */
export const idsOf = (docs: Doc[] | undefined): unknown[] => (docs ?? []).map((d) => d.id);
