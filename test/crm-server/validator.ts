/**
 * Checks requests (and the stand-in's own answers) against the OpenAPI 3.1
 * descriptions in ./openapi, with ajv's JSON Schema 2020-12 validator (the
 * dialect OpenAPI 3.1 uses) and ajv-formats.
 *
 * Only what the descriptions use is interpreted: path templates, path /
 * query / header parameters of scalar types, a JSON request body, JSON
 * responses per status, and bearer / header API-key security. A query
 * parameter the description does not list is an error: it catches typos in
 * the connectors.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonObject;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonObject }> };
  responses: Record<string, JsonObject>;
  security?: Record<string, string[]>[];
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  security?: Record<string, string[]>[];
  components?: {
    schemas?: Record<string, JsonObject>;
    responses?: Record<string, JsonObject>;
    securitySchemes?: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  };
}

export interface MatchedOperation {
  api: string;
  template: string;
  method: string;
  operationId: string;
  params: Record<string, string>;
  operation: Operation;
  pathParameters: Parameter[];
}

export const API_NAMES = ['hubspot', 'pipedrive', 'webhook'] as const;
export type ApiName = (typeof API_NAMES)[number];

export function loadDescription(name: ApiName): OpenApiDoc {
  return JSON.parse(readFileSync(new URL(`./openapi/${name}.json`, import.meta.url), 'utf8')) as OpenApiDoc;
}

/** Rewrite local component refs to the registered schema id, so ajv resolves them. */
function rewriteRefs(value: Json, id: string): Json {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, id));
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? `${id}#/$defs/${v.slice('#/components/schemas/'.length)}` : rewriteRefs(v, id);
    }
    return out;
  }
  return value;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export class ApiDescription {
  readonly doc: OpenApiDoc;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<object, ValidateFunction>();
  private readonly routes: { template: string; parts: string[]; literal: number }[];

  constructor(readonly name: ApiName, doc: OpenApiDoc = loadDescription(name)) {
    this.doc = rewriteRefs(doc as unknown as Json, name) as unknown as OpenApiDoc;
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(this.ajv);
    // Annotations OpenAPI allows inside schemas; everything else stays strict.
    this.ajv.addKeyword({ keyword: 'example' });
    this.ajv.addSchema({ $id: name, $defs: (this.doc.components?.schemas ?? {}) as JsonObject });
    this.routes = Object.keys(this.doc.paths)
      .map((template) => {
        const parts = template.split('/').slice(1);
        return { template, parts, literal: parts.filter((p) => !p.startsWith('{')).length };
      })
      // Literal segments win: /persons/search before /persons/{id}.
      .sort((a, b) => b.literal - a.literal);
  }

  /** Compile every schema once: a broken $ref or unknown keyword fails here, not mid-test. */
  compileAll(): number {
    let count = 0;
    for (const [, item] of Object.entries(this.doc.paths)) {
      for (const method of METHODS) {
        const op = item[method] as Operation | undefined;
        if (!op) continue;
        const schemas = [
          ...[...((item.parameters as Parameter[] | undefined) ?? []), ...(op.parameters ?? [])].map((p) => p.schema),
          op.requestBody?.content['application/json']?.schema,
          ...Object.keys(op.responses).map((status) => this.responseSchema(op, Number(status))),
        ];
        for (const schema of schemas) {
          if (!schema) continue;
          this.compile(schema);
          count += 1;
        }
      }
    }
    return count;
  }

  operations(): { method: string; template: string; operationId: string }[] {
    return Object.entries(this.doc.paths).flatMap(([template, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), template, operationId: (item[m] as Operation).operationId })),
    );
  }

  match(method: string, pathname: string): MatchedOperation | null {
    const parts = pathname.split('/').slice(1);
    for (const route of this.routes) {
      if (route.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.parts.every((p, i) => {
        if (p.startsWith('{') && p.endsWith('}')) {
          if (!parts[i]) return false;
          params[p.slice(1, -1)] = decodeURIComponent(parts[i]!);
          return true;
        }
        return p === parts[i];
      });
      if (!ok) continue;
      const item = this.doc.paths[route.template]!;
      const operation = item[method.toLowerCase()] as Operation | undefined;
      if (!operation) continue;
      return { api: this.name, template: route.template, method: method.toUpperCase(), operationId: operation.operationId, params, operation, pathParameters: (item.parameters as Parameter[] | undefined) ?? [] };
    }
    return null;
  }

  /** Problems with a request, in words; empty when it matches the description. */
  validateRequest(m: MatchedOperation, request: { query: URLSearchParams; headers: Record<string, string | string[] | undefined>; body: string; contentType: string }): { problems: string[]; unauthorised: boolean } {
    const problems: string[] = [];
    const params = [...m.pathParameters, ...(m.operation.parameters ?? [])];
    for (const p of params) {
      const raw = p.in === 'path' ? m.params[p.name] : p.in === 'query' ? request.query.get(p.name) ?? undefined : headerValue(request.headers, p.name);
      if (raw === undefined) {
        if (p.required) problems.push(`${p.in} parameter "${p.name}" is required`);
        continue;
      }
      const value = coerce(raw, p.schema);
      const check = this.compile(p.schema);
      if (!check(value)) problems.push(`${p.in} parameter "${p.name}"=${JSON.stringify(raw)}: ${this.ajv.errorsText(check.errors, { dataVar: p.name })}`);
    }
    const known = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
    for (const key of new Set(request.query.keys())) if (!known.has(key)) problems.push(`query parameter "${key}" is not in the description`);

    const unauthorised = !this.authorised(m.operation, request.headers);
    const body = m.operation.requestBody;
    if (body) {
      const schema = body.content['application/json']?.schema;
      if (request.body.trim() === '') {
        if (body.required) problems.push('a JSON body is required');
      } else if (!/application\/json/i.test(request.contentType)) {
        problems.push(`the body must be application/json, not "${request.contentType}"`);
      } else {
        let data: unknown;
        try {
          data = JSON.parse(request.body);
        } catch {
          problems.push('the body is not valid JSON');
        }
        if (data !== undefined && schema) {
          const check = this.compile(schema);
          if (!check(data)) problems.push(`body: ${this.ajv.errorsText(check.errors, { dataVar: 'body' })}`);
        }
      }
    } else if (request.body.trim() !== '') {
      problems.push('this operation takes no body');
    }
    return { problems, unauthorised };
  }

  /** Problems with an answer the stand-in is about to give (keeps it true to the description). */
  validateResponse(m: MatchedOperation, status: number, body: unknown): string[] {
    if (!m.operation.responses[String(status)]) return [`status ${status} is not described for ${m.operationId}`];
    const schema = this.responseSchema(m.operation, status);
    if (!schema) return body === undefined ? [] : [`${m.operationId} ${status} has no body in the description`];
    const check = this.compile(schema);
    return check(body) ? [] : [`${m.operationId} ${status}: ${this.ajv.errorsText(check.errors, { dataVar: 'response' })}`];
  }

  private responseSchema(op: Operation, status: number): JsonObject | undefined {
    let response = op.responses[String(status)];
    const ref = response?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/responses/')) response = this.doc.components?.responses?.[ref.slice('#/components/responses/'.length)];
    const content = response?.content as { [type: string]: { schema?: JsonObject } } | undefined;
    return content?.['application/json']?.schema;
  }

  private authorised(op: Operation, headers: Record<string, string | string[] | undefined>): boolean {
    const requirements = op.security ?? this.doc.security ?? [];
    if (requirements.length === 0) return true;
    return requirements.some((req) =>
      Object.keys(req).every((name) => {
        const scheme = this.doc.components?.securitySchemes?.[name];
        if (!scheme) return false;
        if (scheme.type === 'http' && scheme.scheme === 'bearer') return /^Bearer \S+$/.test(headerValue(headers, 'authorization') ?? '');
        if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) return !!headerValue(headers, scheme.name);
        return false;
      }),
    );
  }

  private compile(schema: JsonObject): ValidateFunction {
    let fn = this.cache.get(schema);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.cache.set(schema, fn);
    }
    return fn;
  }
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Query, path and header values arrive as text: read them as the schema's scalar type. */
function coerce(raw: string, schema: JsonObject): unknown {
  const type = schema.type;
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
