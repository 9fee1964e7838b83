import { apiErrorBody, safeParse, type Result } from '@mendian/protocol';
import type { z } from 'zod';

/**
 * The UI's only door to the store: HTTP to the edge-agent, every response validated with the
 * protocol schema of that route. An API error body comes back as a typed failure (the expected
 * tier); a network failure or a response that breaks its schema is an ApiClientError (exceptional).
 */

export class ApiClientError extends Error {
  constructor(
    readonly code: 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

export type ApiResult<T> = Result<T, string> & { status?: number };

export interface HttpOptions {
  baseUrl: string;
  /** Returns the session token, if any, sent as a Bearer credential. */
  token?: () => string | null;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export interface Http {
  request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<ApiResult<z.output<S>>>;
}

export function createHttp(options: HttpOptions): Http {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async request(method, path, schema, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const token = options.token?.();
      if (token) headers.authorization = `Bearer ${token}`;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let res: Response;
      try {
        res = await doFetch(new URL(path, options.baseUrl), {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (e) {
        const aborted = controller.signal.aborted;
        throw new ApiClientError(
          aborted ? 'TIMEOUT' : 'NETWORK',
          aborted ? `${method} ${path} timed out after ${timeoutMs} ms` : (e as Error).message,
        );
      } finally {
        clearTimeout(timer);
      }
      const text = await res.text();
      let json: unknown = undefined;
      if (text !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          throw new ApiClientError('BAD_RESPONSE', `${method} ${path}: not JSON`, res.status);
        }
      }
      if (!res.ok) {
        const err = apiErrorBody.safeParse(json);
        if (err.success) {
          return {
            ok: false,
            code: err.data.error.code,
            message: err.data.error.message,
            details: err.data.error.details,
            status: res.status,
          };
        }
        throw new ApiClientError(
          'BAD_RESPONSE',
          `${method} ${path}: HTTP ${res.status}`,
          res.status,
        );
      }
      const parsed = safeParse(schema, json, `${method} ${path} response`);
      if (!parsed.ok) throw new ApiClientError('BAD_RESPONSE', parsed.error.message, res.status);
      return { ok: true, value: parsed.value, status: res.status };
    },
  };
}
