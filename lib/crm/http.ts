/**
 * Talking to a CRM over HTTP: fetch with a timeout, every failure sorted into
 * "try again later" or "a person must look at this", and every answer checked
 * with zod before anything reads it.
 *
 * The rule for what is transient follows what a retry can fix: the network, a
 * timeout, 429 (with its Retry-After) and 5xx. Any other 4xx, and a 2xx whose
 * body is not what the CRM documents (an HTML page, cut-off JSON, wrong types),
 * will fail the same way again, so it parks the job with a reason in words.
 */
import { describeIssues, z } from '../zod';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpDeps {
  fetch: FetchLike;
  now(): number;
  /** How long one request may take, body included (default 30 s). */
  timeoutMs?: number;
}

export type FailureKind =
  | 'network'
  | 'timeout'
  | 'rate-limited'
  | 'server'
  | 'auth'
  | 'rejected'
  | 'not-found'
  | 'malformed'
  | 'disconnected'
  | 'internal';

export interface SyncErrorDetails {
  kind: FailureKind;
  /** Who answered ("HubSpot"), for sentences built around the error (lib/crm/sync-words.ts). */
  service?: string;
  /** True when trying again later can succeed. */
  transient: boolean;
  /** The CRM asked for this much quiet before the next request (Retry-After). */
  retryAfterMs?: number;
  status?: number;
  /**
   * The request may have been applied although no success came back (timeout,
   * dropped connection, 5xx, unreadable 2xx): a retry must not create twice.
   */
  mayHaveApplied: boolean;
}

/** A failed exchange with a CRM; `message` is written for the person who reads the outbox. */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    message: string,
    readonly details: SyncErrorDetails,
  ) {
    super(message);
  }
  get transient(): boolean {
    return this.details.transient;
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}

/** Any failure as a SyncError; one that is not (a fault in Earshot itself) is for a person to see, not to retry. */
export function asSyncError(error: unknown): SyncError {
  if (isSyncError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(`Earshot failed while preparing or sending this: ${message}`, { kind: 'internal', transient: false, mayHaveApplied: true });
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  json?: unknown;
  /** A body sent as it is (the webhook signs these exact bytes). */
  body?: string;
  /** Statuses other than 2xx the caller handles itself (e.g. 409 "already exists"). */
  allow?: readonly number[];
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The last moment a JavaScript Date can hold: an absurd Retry-After still names a moment. */
const LAST_DATE_MS = 8.64e15;

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns milliseconds from `now` as the CRM asked (how long Earshot really
 * waits is decided in lib/crm/retry.ts), or undefined when the header is
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, LAST_DATE_MS - now);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Send one request; resolve with the answer when it is 2xx (or allowed), otherwise throw a SyncError. */
export async function send(deps: HttpDeps, service: string, request: HttpRequest): Promise<HttpResult> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const writes = request.method !== 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined = request.body;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers['content-type'] ??= 'application/json';
  }
  try {
    let response: Response;
    try {
      response = await deps.fetch(request.url, { method: request.method, headers, body, signal: controller.signal });
    } catch (error) {
      throw transportError(service, error, controller.signal.aborted, timeoutMs, writes);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw transportError(service, error, controller.signal.aborted, timeoutMs, writes);
    }
    const status = response.status;
    if ((status >= 200 && status < 300) || request.allow?.includes(status)) return { status, headers: response.headers, text };
    throw statusError(service, status, response.headers, text, deps.now(), writes);
  } finally {
    clearTimeout(timer);
  }
}

/** Read a 2xx answer as JSON of the documented shape, or throw a SyncError saying what was wrong. */
export function readJson<S extends z.ZodType>(service: string, result: HttpResult, schema: S, what: string): z.output<S> {
  const type = result.headers.get('content-type') ?? '';
  const trimmed = result.text.trimStart();
  if (/^</.test(trimmed) || /text\/html/i.test(type)) {
    throw malformed(service, `${what}: it answered with an HTML page instead of JSON (status ${result.status}${titleOf(result.text)})`);
  }
  let data: unknown;
  try {
    data = trimmed === '' ? undefined : JSON.parse(result.text);
  } catch {
    throw malformed(service, `${what}: the JSON it answered with is incomplete or broken (${result.text.length} characters, ends "${clip(result.text.slice(-30), 30)}")`);
  }
  if (data === undefined) throw malformed(service, `${what}: it answered with an empty body where JSON was expected`);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw malformed(service, `${what}: the answer does not have the documented shape (${describeIssues(parsed.error)})`);
  return parsed.data as z.output<S>;
}

/** One JSON request: send, then read the answer with a schema. */
export async function requestJson<S extends z.ZodType>(
  deps: HttpDeps,
  service: string,
  request: HttpRequest,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  return readJson(service, await send(deps, service, request), schema, what);
}

function malformed(service: string, detail: string): SyncError {
  return new SyncError(`${service} gave an answer Earshot cannot read — ${detail}. Nothing local was changed; retry once the CRM works normally.`, {
    kind: 'malformed',
    transient: false,
    mayHaveApplied: true,
  });
}

function transportError(service: string, error: unknown, aborted: boolean, timeoutMs: number, writes: boolean): SyncError {
  if (aborted) {
    return new SyncError(`${service} did not answer within ${Math.round(timeoutMs / 1000)} s.`, {
      kind: 'timeout',
      service,
      transient: true,
      mayHaveApplied: writes,
    });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new SyncError(`${service} could not be reached (${clip(reason, 120)}).`, {
    kind: 'network',
    service,
    transient: true,
    mayHaveApplied: writes,
  });
}

function statusError(service: string, status: number, headers: Headers, text: string, now: number, writes: boolean): SyncError {
  const detail = errorDetail(text);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
  const suffix = detail ? `: ${detail}` : '';
  if (status === 429) {
    return new SyncError(`${service} asked Earshot to slow down (429 Too Many Requests)${suffix}`, {
      kind: 'rate-limited',
      service,
      transient: true,
      status,
      mayHaveApplied: false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500 || status === 408) {
    return new SyncError(`${service} had a problem on its side (${status})${suffix}`, {
      kind: 'server',
      service,
      transient: true,
      status,
      mayHaveApplied: writes && status !== 503,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status === 401) {
    return new SyncError(`${service} refused the access token (401)${suffix}. Connect the CRM again with a valid token.`, {
      kind: 'auth',
      transient: false,
      status,
      mayHaveApplied: false,
    });
  }
  if (status === 403) {
    return new SyncError(`${service} refused the request (403): the token lacks a permission Earshot needs${suffix}.`, {
      kind: 'auth',
      transient: false,
      status,
      mayHaveApplied: false,
    });
  }
  if (status === 404) {
    return new SyncError(`${service} does not know this record or address (404)${suffix}.`, { kind: 'not-found', transient: false, status, mayHaveApplied: false });
  }
  return new SyncError(`${service} rejected the data (${status})${suffix}.`, { kind: 'rejected', transient: false, status, mayHaveApplied: false });
}

const ErrorBody = z.object({ message: z.string().optional(), error: z.string().optional(), error_info: z.string().optional() }).loose();

/** The CRM's own words for an error: JSON `message` / `error`, or the text of an HTML page, clipped. */
export function errorDetail(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(trimmed));
    if (parsed.success) {
      const words = [parsed.data.message, parsed.data.error, parsed.data.error_info].filter((w): w is string => !!w);
      if (words.length > 0) return clip(words.join(' — '), 200);
    }
  } catch {
    // Not JSON: fall through to the text itself.
  }
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ? `an HTML page titled "${clip(title, 80)}"` : 'an HTML page';
  }
  return clip(trimmed.replace(/\s+/g, ' '), 200);
}

function titleOf(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  return title ? `, titled "${clip(title, 80)}"` : '';
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** https:// anywhere, or http:// only to this machine (a local test server or bridge). */
export function checkCrmUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyncError(`${what} "${clip(text, 80)}" is not a web address.`, { kind: 'rejected', transient: false, mayHaveApplied: false });
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new SyncError(`${what} must start with https:// (plain http is allowed only for 127.0.0.1 and localhost).`, {
      kind: 'rejected',
      transient: false,
      mayHaveApplied: false,
    });
  }
  if (url.username || url.password) {
    throw new SyncError(`${what} must not contain a user name or password; Earshot sends the token separately.`, {
      kind: 'rejected',
      transient: false,
      mayHaveApplied: false,
    });
  }
  return url;
}

/** The optional host permission pattern for a URL: scheme and host, any port and path. */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** Base URL without a trailing slash, so paths can be appended. */
export function trimBase(url: URL): string {
  return url.href.replace(/\/+$/, '');
}
