import request from 'supertest';
import { Role } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { validUscc } from './support/factories.js';

type Access = 'public' | Role[];
const NIL = '00000000-0000-4000-8000-000000000000';

/**
 * Every route of the OpenAPI document × every role (and no sign-in), the expected outcome
 * taken from the route's declared access (`x-access`, written by @Access/@Public): a caller
 * outside it is refused by the gateway (401 without sign-in, 403 for another role) before any
 * service is asked; a caller inside it is never refused for its role. Only the gateway runs:
 * what an allowed call reaches behind it (503, 400, 404) is not this test's concern.
 */
describe('route × role access matrix from the OpenAPI document', () => {
  const platform = new TestPlatform({ apps: ['gateway'] });
  const tokens = new Map<Role | 'anonymous', string | null>();

  beforeAll(async () => {
    await platform.start();
    const admin = api(platform).as({ token: await platform.adminToken() });
    tokens.set('anonymous', null);
    tokens.set(Role.Admin, await platform.adminToken());
    const users: Array<[Role, string, string, Record<string, string>]> = [
      [Role.Staff, 'postal_admin', '1401', {}],
      [Role.Auditor, 'postal_admin', '1401', {}],
      [Role.CountyCentre, 'county_centre', '140121', {}],
      [Role.Courier, 'courier', '14', { uscc: validUscc() }],
    ];
    for (const [role, kind, regionCode, extra] of users) {
      const org = await admin.post('/organisations').send({ name: `矩阵测试${role}`, kind, regionCode, ...extra });
      const username = `matrix.${role}`;
      await admin.post('/users').send({ username, password: `pw-${username}-long`, role, orgId: org.body.id });
      tokens.set(role, await platform.login(username, `pw-${username}-long`));
    }
  }, 180_000);

  afterAll(() => platform.stop());

  it('finds 0 unexpected successes and no allowed role refused for its role', async () => {
    const doc = (await request(platform.url).get('/docs-json')).body as { paths: Record<string, Record<string, { 'x-access'?: Access }>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, access: op['x-access'] })));
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    const counts = { routes: routes.length, calls: 0, allowed: 0, refusedAsExpected: 0, unexpectedSuccesses: 0, wronglyRefused: 0 };
    const problems: string[] = [];
    for (const { method, path, access } of routes) {
      const url = path.replace(/\{[^}]+\}/g, NIL);
      for (const [who, token] of tokens) {
        const allowed = access === 'public' || (who !== 'anonymous' && (access as Role[]).includes(who));
        let call = request(platform.url)[method as 'get'](url);
        if (token) call = call.set('authorization', `Bearer ${token}`);
        const res = await call.send({});
        counts.calls++;
        const roleRefusal =
          res.status === 401 || (res.status === 403 && /may not use this endpoint|ACCESS_UNDECLARED/.test(`${res.body?.detail} ${res.body?.code}`));
        if (allowed) {
          counts.allowed++;
          if (roleRefusal) {
            counts.wronglyRefused++;
            problems.push(`${who} refused on ${method.toUpperCase()} ${path}: ${res.status}`);
          }
        } else if (res.status === (who === 'anonymous' ? 401 : 403)) {
          counts.refusedAsExpected++;
        } else {
          if (res.status < 400) counts.unexpectedSuccesses++;
          problems.push(`${who} got ${res.status} on ${method.toUpperCase()} ${path}, outside ${JSON.stringify(access)}`);
        }
      }
    }
    console.log(`access matrix: ${JSON.stringify(counts)}`);
    expect(problems).toEqual([]);
    expect(counts.unexpectedSuccesses).toBe(0);
    expect(counts.refusedAsExpected).toBeGreaterThan(routes.length);
  }, 300_000);
});
