import { describe, expect, it } from 'vitest';
import { ApiDescription, API_NAMES } from '../../crm-server/validator';
import { startCrmServer } from '../../crm-server/server';

describe('the OpenAPI descriptions of the stand-in CRM', () => {
  it('are OpenAPI 3.1 and every schema compiles under JSON Schema 2020-12 (strict)', () => {
    for (const name of API_NAMES) {
      const api = new ApiDescription(name);
      expect(api.doc.openapi).toBe('3.1.0');
      expect(api.compileAll()).toBeGreaterThan(2);
      for (const op of api.operations()) expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    }
  });

  it('describe exactly the endpoints the connectors use', () => {
    const ops = Object.fromEntries(API_NAMES.map((n) => [n, new ApiDescription(n).operations().map((o) => `${o.method} ${o.template}`).sort()]));
    expect(ops.hubspot).toEqual([
      'GET /crm/objects/2026-03/contacts',
      'GET /crm/properties/2026-03/contacts/{propertyName}',
      'PATCH /crm/properties/2026-03/contacts/{propertyName}',
      'POST /crm/associations/2026-03/contacts/notes/batch/read',
      'POST /crm/associations/2026-03/contacts/tasks/batch/read',
      'POST /crm/objects/2026-03/contacts/batch/read',
      'POST /crm/objects/2026-03/contacts/batch/update',
      'POST /crm/objects/2026-03/contacts/batch/upsert',
      'POST /crm/objects/2026-03/notes/batch/archive',
      'POST /crm/objects/2026-03/notes/batch/create',
      'POST /crm/objects/2026-03/notes/batch/read',
      'POST /crm/objects/2026-03/tasks/batch/archive',
      'POST /crm/objects/2026-03/tasks/batch/create',
      'POST /crm/objects/2026-03/tasks/batch/read',
      'POST /crm/objects/2026-03/tasks/batch/update',
      'POST /crm/properties/2026-03/contacts',
      'POST /crm/properties/2026-03/contacts/groups',
    ]);
    expect(ops.pipedrive).toEqual([
      'DELETE /api/v1/notes/{id}',
      'DELETE /api/v2/activities/{id}',
      'GET /api/v1/notes',
      'GET /api/v1/persons/{id}/changelog',
      'GET /api/v2/activities',
      'GET /api/v2/personFields',
      'GET /api/v2/personFields/{field_code}',
      'GET /api/v2/persons',
      'GET /api/v2/persons/search',
      'GET /api/v2/persons/{id}',
      'PATCH /api/v2/activities/{id}',
      'PATCH /api/v2/persons/{id}',
      'POST /api/v1/notes',
      'POST /api/v2/activities',
      'POST /api/v2/personFields',
      'POST /api/v2/personFields/{field_code}/options',
      'POST /api/v2/persons',
    ]);
    expect(ops.webhook).toEqual(['GET /hooks/earshot/decisions', 'POST /hooks/earshot']);
  });

  it('refuses requests that break them and says why', async () => {
    const server = await startCrmServer();
    try {
      const auth = { authorization: 'Bearer pat-test-token', 'content-type': 'application/json' };
      // A number where HubSpot takes only strings, and 101 inputs.
      const inputs = Array.from({ length: 101 }, (_, i) => ({ id: `x${i}@example.nl`, idProperty: 'email', properties: { earshot_match_score: 0.5 } }));
      const bad = await fetch(`${server.url}/crm/objects/2026-03/contacts/batch/upsert`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs }) });
      expect(bad.status).toBe(400);
      expect(server.violations[0]).toContain('body/inputs must NOT have more than 100 items');
      expect(server.violations[0]).toContain('body/inputs/0/properties/earshot_match_score must be string');
      const typo = await fetch(`${server.url}/crm/objects/2026-03/contacts?limit=10&propertys=email`, { headers: auth });
      expect(typo.status).toBe(400);
      expect(server.violations[1]).toContain('query parameter "propertys" is not in the description');
      const unknown = await fetch(`${server.url}/crm/v3/objects/contacts`, { headers: auth });
      expect(unknown.status).toBe(404);
      expect(server.violations[2]).toBe('GET /crm/v3/objects/contacts: no such operation in the descriptions');
      const noToken = await fetch(`${server.url}/api/v2/persons`);
      expect(noToken.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it("serves Pipedrive's person changelog: each change of a custom field's value, newest first, a page at a time", async () => {
    const server = await startCrmServer();
    try {
      const pd = (path: string, method = 'GET', body?: unknown) =>
        fetch(`${server.url}${path}`, { method, headers: { 'x-api-token': 'pd-test-token', 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json() as Promise<{ data: unknown; additional_data?: { next_cursor: string | null } }>);
      const field = (await pd('/api/v2/personFields', 'POST', { field_name: 'Earshot tags', field_type: 'text' })).data as { field_code: string };
      const person = (await pd('/api/v2/persons', 'POST', { name: 'Sanne Smit' })).data as { id: number };
      // The same value again is not a change.
      for (const value of ['a', 'b', 'b', 'c']) await pd(`/api/v2/persons/${person.id}`, 'PATCH', { custom_fields: { [field.field_code]: value } });
      const first = await pd(`/api/v1/persons/${person.id}/changelog?limit=2`);
      const values = (page: typeof first) => (page.data as { field_key: string; old_value: string | null; new_value: string | null }[]).map((c) => [c.field_key === field.field_code, c.old_value, c.new_value]);
      expect(values(first)).toEqual([[true, 'b', 'c'], [true, 'a', 'b']]);
      const rest = await pd(`/api/v1/persons/${person.id}/changelog?limit=2&cursor=${first.additional_data!.next_cursor!}`);
      expect(values(rest)).toEqual([[true, null, 'a']]);
      expect(rest.additional_data?.next_cursor).toBeNull();
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('keeps its state across a restart on the same port', async () => {
    const server = await startCrmServer();
    try {
      const port = server.port;
      const create = await fetch(`${server.url}/api/v2/persons`, { method: 'POST', headers: { 'x-api-token': 'pd-test-token', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Sanne Smit' }) });
      expect(create.status).toBe(200);
      await server.restart();
      expect(server.port).toBe(port);
      const list = (await (await fetch(`${server.url}/api/v2/persons`, { headers: { 'x-api-token': 'pd-test-token' } })).json()) as { data: { name: string }[] };
      expect(list.data.map((p) => p.name)).toEqual(['Sanne Smit']);
    } finally {
      await server.stop();
    }
  });
});
