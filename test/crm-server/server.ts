/**
 * A stand-in for the CRMs Earshot talks to: a real Node HTTP server on
 * 127.0.0.1 (a random port) serving HubSpot's, Pipedrive's and the webhook's
 * paths side by side.
 *
 * - Every request is checked against the OpenAPI descriptions in ./openapi;
 *   one that breaks them is refused (400) and recorded in `violations`, and
 *   the stand-in's own answers are checked too (`responseViolations`).
 * - It keeps state (contacts, properties, notes, associations, persons,
 *   webhook events) in one JSON object that outlives `restart()`.
 * - It misbehaves on cue: `inject()` queues faults (429 with Retry-After, 500,
 *   503, a request held until it times out, a dropped connection, an HTML
 *   page, cut-off JSON, wrong types, an empty body), each before or after the
 *   write is applied, or applies a write twice (a request resent by a network
 *   layer) and answers once; `chaos` answers a share of calls with faults at random
 *   (seeded); `rejectIds` makes records fail inside a batch.
 * - It counts every applied write (`state.counts`) and keeps, per person, the
 *   order in which "last update" values arrived (`state.history`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiDescription, API_NAMES, type ApiName, type MatchedOperation } from './validator';
import { emptyState, type CrmState, type Reply, type VendorHandler, type VendorOptions } from './types';
import { hubspot, seedHubSpot } from './hubspot';
import { pipedrive, seedPipedrive } from './pipedrive';
import { webhook } from './webhook';

export type FaultKind = '429' | '500' | '503' | 'hang' | 'drop' | 'html' | 'truncated' | 'wrong-types' | 'empty' | 'twice';

export interface Fault {
  kind: FaultKind;
  /** Only requests whose operationId equals this, or whose "METHOD /path?query" contains it or matches it. */
  match?: string | RegExp;
  /** Only requests whose body contains this text (e.g. one customer's id). */
  bodyIncludes?: string;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Retry-After for 429 / 503: delay-seconds or an HTTP date. */
  retryAfter?: string;
  /** Apply the write first, then answer with the fault (the client cannot know it landed). */
  afterApply?: boolean;
  /** Status for 'html' (default 200: an HTML page where JSON was promised). */
  status?: number;
}

export interface Chaos {
  /** Share of matching requests answered with a fault, 0-1. */
  rate: number;
  kinds: FaultKind[];
  seed?: number;
  match?: string | RegExp;
  retryAfter?: string;
}

export interface CrmServerOptions extends Partial<VendorOptions> {
  port?: number;
  state?: CrmState;
  now?: () => number;
  chaos?: Chaos | null;
}

export interface RequestRecord {
  api: ApiName | null;
  operationId: string | null;
  method: string;
  path: string;
  status: number | 'hung' | 'dropped';
  fault?: FaultKind;
  /** When it arrived (the server's clock). */
  at: number;
}

export interface CrmServer {
  readonly url: string;
  readonly port: number;
  readonly state: CrmState;
  readonly options: VendorOptions;
  readonly requests: RequestRecord[];
  /** Requests that broke the descriptions: must stay empty in every test. */
  readonly violations: string[];
  /** Answers of the stand-in that broke the descriptions (faults excepted): must stay empty. */
  readonly responseViolations: string[];
  chaos: Chaos | null;
  inject(...faults: Fault[]): void;
  /** Faults still queued. */
  pendingFaults(): number;
  /** Requests being held (a 'hang' fault). */
  held(): number;
  /** Close the connections of held requests. */
  release(): void;
  /** Stop and start again on the same port; state survives. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Applied writes of a kind (e.g. 'hubspot.note.created'). */
  writes(kind: string): number;
  /** Resolves once `n` requests matching `match` have arrived. */
  waitFor(match: string | RegExp, n?: number, timeoutMs?: number): Promise<void>;
}

const HANDLERS: Record<ApiName, VendorHandler> = { hubspot, pipedrive, webhook };

/** mulberry32: small seeded PRNG for reproducible chaos. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(match: string | RegExp | undefined, operationId: string | null, line: string): boolean {
  if (match === undefined) return true;
  if (typeof match === 'string') return match === operationId || line.includes(match);
  return match.test(line) || (operationId !== null && match.test(operationId));
}

function vendorError(api: ApiName | null, status: number, message: string): unknown {
  if (api === 'pipedrive') return { success: false, error: message };
  if (api === 'webhook') return { error: message };
  return { status: 'error', category: status === 429 ? 'RATE_LIMITS' : status === 401 ? 'INVALID_AUTHENTICATION' : 'ERROR', message };
}

/** Replace every "id" with an object and every "success" with a string: valid JSON, wrong types. */
function wrongTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrongTypes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'id' ? { id: v } : k === 'success' ? 'yes' : k === 'results' && !Array.isArray(v) ? v : wrongTypes(v)]));
  }
  return value;
}

export async function startCrmServer(init: CrmServerOptions = {}): Promise<CrmServer> {
  const state = init.state ?? emptyState();
  seedHubSpot(state.hubspot);
  seedPipedrive(state.pipedrive);
  const options: VendorOptions = {
    hubspotToken: init.hubspotToken ?? 'pat-test-token',
    pipedriveToken: init.pipedriveToken ?? 'pd-test-token',
    webhookSecret: init.webhookSecret ?? 'whsec-test-0123456789abcdef',
    batchValidation: init.batchValidation ?? 'partial',
    rejectIds: init.rejectIds ?? new Set(),
    searchLagMs: init.searchLagMs ?? 0,
    associationPageSize: init.associationPageSize ?? 500,
    decisionsPageSize: init.decisionsPageSize ?? 100,
  };
  const now = init.now ?? (() => Date.now());
  const apis = Object.fromEntries(API_NAMES.map((n) => [n, new ApiDescription(n)])) as Record<ApiName, ApiDescription>;
  // A description that does not compile fails here, not in the middle of a test.
  for (const api of Object.values(apis)) api.compileAll();
  const faults: (Fault & { left: number })[] = [];
  const requests: RequestRecord[] = [];
  const violations: string[] = [];
  const responseViolations: string[] = [];
  const heldResponses = new Set<ServerResponse>();
  const waiters: { match: string | RegExp; n: number; resolve: () => void }[] = [];
  let chaosRandom = seeded(init.chaos?.seed ?? 1);
  let chaos: Chaos | null = init.chaos ?? null;

  const countMatching = (match: string | RegExp) => requests.filter((q) => matches(match, q.operationId, `${q.method} ${q.path}`)).length;

  function record(r: RequestRecord): void {
    requests.push(r);
    for (const w of [...waiters]) {
      if (countMatching(w.match) >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  function takeFault(operationId: string | null, line: string, raw: string): Fault | null {
    const i = faults.findIndex((f) => matches(f.match, operationId, line) && (f.bodyIncludes === undefined || raw.includes(f.bodyIncludes)));
    if (i >= 0) {
      const f = faults[i]!;
      f.left -= 1;
      if (f.left <= 0) faults.splice(i, 1);
      return f;
    }
    if (chaos && matches(chaos.match, operationId, line) && chaosRandom() < chaos.rate) {
      const kind = chaos.kinds[Math.floor(chaosRandom() * chaos.kinds.length)]!;
      return { kind, ...(chaos.retryAfter ? { retryAfter: chaos.retryAfter } : {}) };
    }
    return null;
  }

  function send(res: ServerResponse, status: number, body: string, type = 'application/json', headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  }

  function answer(res: ServerResponse, reply: Reply): void {
    if (reply.json === undefined) {
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
    } else {
      send(res, reply.status, JSON.stringify(reply.json), 'application/json', reply.headers);
    }
  }

  function emitFault(req: IncomingMessage, res: ServerResponse, fault: Fault, api: ApiName | null, applied: Reply | null, rec: RequestRecord): void {
    rec.fault = fault.kind;
    switch (fault.kind) {
      case '429':
      case '500':
      case '503': {
        const status = Number(fault.kind);
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : status === 429 ? { 'retry-after': '1' } : {};
        rec.status = status;
        send(res, status, JSON.stringify(vendorError(api, status, status === 429 ? 'You have reached your secondly limit.' : 'Internal error')), 'application/json', headers);
        return;
      }
      case 'hang':
        rec.status = 'hung';
        heldResponses.add(res);
        res.on('close', () => heldResponses.delete(res));
        return;
      case 'drop':
        rec.status = 'dropped';
        req.socket.destroy();
        return;
      case 'html':
        rec.status = fault.status ?? 200;
        send(res, fault.status ?? 200, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>', 'text/html; charset=utf-8');
        return;
      case 'truncated': {
        const full = JSON.stringify(applied?.json ?? { status: 'COMPLETE', results: [{ id: '1', properties: { email: 'someone@example.com' } }] });
        rec.status = 200;
        send(res, 200, full.slice(0, Math.max(1, Math.floor(full.length / 2))));
        return;
      }
      case 'wrong-types':
        rec.status = 200;
        send(res, 200, JSON.stringify(wrongTypes(applied?.json ?? { status: 'COMPLETE', results: [{ id: '1', properties: [] }], success: true, data: { id: 1 } })));
        return;
      case 'empty':
        rec.status = 200;
        send(res, 200, '');
        return;
      case 'twice':
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const line = `${method} ${url.pathname}`;

    let matched: { api: ApiName; m: MatchedOperation } | null = null;
    for (const name of API_NAMES) {
      const m = apis[name].match(method, url.pathname);
      if (m) {
        matched = { api: name, m };
        break;
      }
    }
    const rec: RequestRecord = { api: matched?.api ?? null, operationId: matched?.m.operationId ?? null, method, path: url.pathname + url.search, status: 0, at: now() };
    if (!matched) {
      violations.push(`${line}: no such operation in the descriptions`);
      rec.status = 404;
      record(rec);
      send(res, 404, JSON.stringify({ message: `${line} is not an endpoint Earshot's descriptions name` }));
      return;
    }
    const { api, m } = matched;
    const check = apis[api].validateRequest(m, { query: url.searchParams, headers: req.headers, body: raw, contentType: String(req.headers['content-type'] ?? '') });
    const tokenOk =
      api === 'hubspot' ? req.headers.authorization === `Bearer ${options.hubspotToken}` : api === 'pipedrive' ? req.headers['x-api-token'] === options.pipedriveToken : true;
    if (check.problems.length > 0) {
      violations.push(`${line} (${m.operationId}): ${check.problems.join('; ')}`);
      rec.status = 400;
      record(rec);
      send(res, 400, JSON.stringify(vendorError(api, 400, `Request does not match the description: ${check.problems.join('; ')}`)));
      return;
    }
    if (check.unauthorised || !tokenOk) {
      rec.status = 401;
      record(rec);
      send(res, 401, JSON.stringify(vendorError(api, 401, 'Authentication credentials not found or invalid.')));
      return;
    }
    const fault = takeFault(m.operationId, `${line}${url.search}`, raw);
    if (fault && !fault.afterApply && fault.kind !== 'twice') {
      record(rec);
      emitFault(req, res, fault, api, null, rec);
      return;
    }
    const exchange = { m, query: url.searchParams, headers: req.headers, body: raw.trim() ? (JSON.parse(raw) as unknown) : undefined, raw, path: url.pathname + url.search, now: now() };
    if (fault?.kind === 'twice') {
      rec.fault = 'twice';
      HANDLERS[api](exchange, state, options);
    }
    const reply = HANDLERS[api](exchange, state, options);
    const problems = apis[api].validateResponse(m, reply.status, reply.json);
    if (problems.length > 0) responseViolations.push(...problems);
    rec.status = reply.status;
    record(rec);
    if (fault && fault.kind !== 'twice') emitFault(req, res, fault, api, reply, rec);
    else answer(res, reply);
  }

  let server: Server;
  let port = init.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
          responseViolations.push(`stand-in failure on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
          if (!res.headersSent) send(res, 500, JSON.stringify({ message: 'stand-in failure' }));
        });
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const res of heldResponses) res.socket?.destroy();
      heldResponses.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    state,
    options,
    requests,
    violations,
    responseViolations,
    get chaos() {
      return chaos;
    },
    set chaos(value: Chaos | null) {
      chaos = value;
      chaosRandom = seeded(value?.seed ?? 1);
    },
    inject(...more) {
      for (const f of more) faults.push({ ...f, left: f.times ?? 1 });
    },
    pendingFaults: () => faults.length,
    held: () => heldResponses.size,
    release() {
      for (const res of heldResponses) res.socket?.destroy();
      heldResponses.clear();
    },
    async restart() {
      await close();
      await listen();
    },
    stop: close,
    writes: (kind) => state.counts[kind] ?? 0,
    waitFor(match, n = 1, timeoutMs = 10_000) {
      if (countMatching(match) >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${n} request(s) matching ${String(match)} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          match,
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

export { emptyState, type CrmState } from './types';
