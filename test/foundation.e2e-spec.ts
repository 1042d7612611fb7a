import { TestPlatform, ADMIN_PASSWORD, ADMIN_USERNAME } from './support/platform.js';
import { api } from './support/http.js';
import { enterpriseInput, validUscc } from './support/factories.js';
import { spawnSync } from 'node:child_process';
import { Subjects } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { ROOT } from '../scripts/platform.mjs';

const LOGIN_RATE_LIMIT = 8;

describe('foundation: gateway, identity, scope, enterprise registry (over real NATS and PostgreSQL)', () => {
  const platform = new TestPlatform({ env: { LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT), NATS_REQUEST_TIMEOUT_MS: '1500' } });
  let admin: ReturnType<ReturnType<typeof api>['as']>;

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
  }, 120_000);

  afterAll(() => platform.stop());

  it('signs the first admin in and refuses a wrong password with a problem document', async () => {
    const ok = await api(platform).raw.post('/api/v1/auth/login').send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ role: 'admin', regionCode: '14' });
    expect(ok.body.expiresIn).toBeGreaterThan(0);

    const bad = await api(platform).raw.post('/api/v1/auth/login').send({ username: ADMIN_USERNAME, password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 401, code: 'BAD_CREDENTIALS', title: 'Unauthorized' });
  });

  it('refuses anonymous calls to protected routes and unknown fields in bodies', async () => {
    const anon = await api(platform).raw.get('/api/v1/enterprises');
    expect(anon.status).toBe(401);
    const extra = await admin.post('/organisations').send({ name: '某机构', kind: 'postal_admin', regionCode: '14', foo: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toContainEqual({ field: 'foo', message: 'property foo should not exist' });
  });

  it('creates organisations, users and API keys; a revoked key stops working at once', async () => {
    const org = await admin.post('/organisations').send({ name: '临猗县寄递物流中心', kind: 'county_centre', regionCode: '140821' });
    expect(org.status).toBe(201);
    const user = await admin.post('/users').send({ username: 'linyi.centre', password: 'a-long-password-1', role: 'county_centre', orgId: org.body.id });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ role: 'county_centre', regionCode: '140821', orgId: org.body.id });
    expect(user.body.passwordHash).toBeUndefined();

    const token = await platform.login('linyi.centre', 'a-long-password-1');
    const me = await api(platform).as({ token }).get(`/organisations/${org.body.id}`);
    expect(me.status).toBe(200);

    const key = await admin.post('/api-keys').send({ orgId: org.body.id, role: 'county_centre', name: 'county system' });
    expect(key.status).toBe(201);
    expect(key.body.key).toMatch(/^edp_[0-9a-f]{8}_/);
    const machine = api(platform).as({ apiKey: key.body.key });
    expect((await machine.get(`/organisations/${org.body.id}`)).status).toBe(200);
    expect((await machine.get('/brands')).body.items).toContainEqual({ code: 'SF', name: '顺丰' });

    const listed = await admin.get(`/api-keys?orgId=${org.body.id}`);
    expect(listed.body.items[0]).toMatchObject({ id: key.body.id, prefix: key.body.key.slice(0, 12), revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(key.body.key);

    expect((await admin.post(`/api-keys/${key.body.id}/revoke`)).status).toBe(200);
    const revoked = await machine.get(`/organisations/${org.body.id}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('BAD_API_KEY');
  });

  it('answers 404 for another organisation’s object and 403 for a role that may not act', async () => {
    const a = await admin.post('/organisations').send({ name: '中通快递山西', kind: 'courier', regionCode: '14', uscc: validUscc() });
    const b = await admin.post('/organisations').send({ name: '圆通快递山西', kind: 'courier', regionCode: '14', uscc: validUscc() });
    await admin.post('/users').send({ username: 'zto.user', password: 'a-long-password-2', role: 'courier', orgId: a.body.id });
    const courier = api(platform).as({ token: await platform.login('zto.user', 'a-long-password-2') });
    expect((await courier.get(`/organisations/${a.body.id}`)).status).toBe(200);
    const other = await courier.get(`/organisations/${b.body.id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('NOT_FOUND');
    const forbidden = await courier.post('/enterprises').send(enterpriseInput());
    expect(forbidden.status).toBe(403);
  });

  it('registers an enterprise over NATS and refuses a bad credit code naming the field', async () => {
    const input = enterpriseInput({ brand: 'SF' });
    const created = await admin.post('/enterprises').send(input);
    expect(created.status).toBe(201);
    expect(created.body.licence).toMatchObject({ status: 'valid', territory: ['14'] });
    const fetched = await admin.get(`/enterprises/${created.body.id}`);
    expect(fetched.body.uscc).toBe(input.uscc);
    expect((await admin.post('/enterprises').send(input)).status).toBe(409);

    const badCode = `${input.uscc.slice(0, 17)}${input.uscc[17] === '0' ? '1' : '0'}`;
    const bad = await admin.post('/enterprises').send({ ...input, uscc: badCode });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'uscc', message: expect.stringMatching(/check character/) })]);

    const unknownBrand = await admin.post('/enterprises').send(enterpriseInput({ brand: 'NOPE' }));
    expect(unknownBrand.status).toBe(422);
    expect(unknownBrand.body.errors[0].field).toBe('brand');
  });

  it('answers other services’ licence checks over NATS, validated on receipt', async () => {
    const created = await admin
      .post('/enterprises')
      .send(enterpriseInput({ licence: { number: '晋邮2024-77', validFrom: '2024-01-01', validTo: '2025-12-31', scope: '同城快递' } }));
    const nc = await platform.natsConnection('outlets');
    try {
      const bus = new ServiceRequester(nc, 2000);
      const meta = { principal: null, correlationId: 'licence-check' };
      const check = (date: string) => bus.request(Subjects.supervision.licencesCheck, { enterpriseId: created.body.id, date }, meta);
      expect(await check('2025-06-30')).toMatchObject({ valid: true, status: 'valid', licenceNumber: '晋邮2024-77' });
      expect(await check('2026-01-01')).toMatchObject({ valid: false, status: 'expired' });
      expect(await check('2023-12-31')).toMatchObject({ valid: false, status: 'not_yet_valid' });
      expect((await check('2025-06-30')).operator).toBeUndefined();
      // an outlet filing asks once for the licence, who the enterprise is and its credit standing
      const withOperator = await bus.request(
        Subjects.supervision.licencesCheck,
        { enterpriseId: created.body.id, date: '2025-06-30', withOperator: true },
        meta,
      );
      expect(withOperator).toMatchObject({ valid: true, licenceNumber: '晋邮2024-77' });
      expect(withOperator.operator).toEqual({ name: created.body.name, uscc: created.body.uscc, credit: { jointDiscipline: false, score: 100, reasons: [] } });
      await expect(bus.request(Subjects.supervision.licencesCheck, { enterpriseId: created.body.id, date: '2025-02-30' }, meta)).rejects.toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ field: 'date' })],
      });
      await expect(
        bus.request(Subjects.supervision.licencesCheck, { enterpriseId: '00000000-0000-4000-8000-000000000000', date: '2025-06-30' }, meta),
      ).rejects.toMatchObject({ status: 404 });
    } finally {
      await nc.close();
    }
  });

  it('stops a service at boot with a message naming a bad configuration variable', () => {
    const run = spawnSync(process.execPath, [`${ROOT}/dist/apps/supervision/src/main.js`], {
      env: { ...process.env, ...platform.env, NATS_URL: 'http://not-nats', DATABASE_POOL_SIZE: 'many' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/NATS_URL: NATS_URL must be nats:\/\/host:port/);
    expect(run.stderr).toMatch(/DATABASE_POOL_SIZE/);
  });

  it('pages through lists with a cursor', async () => {
    for (let i = 0; i < 3; i++) await admin.post('/enterprises').send(enterpriseInput());
    const first = await admin.get('/enterprises?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/enterprises?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await admin.get('/enterprises?cursor=garbage')).status).toBe(400);
  });

  it('serves region lookups from the real divisions', async () => {
    const counties = await admin.get('/regions?parent=1408&level=county');
    expect(counties.body.items).toContainEqual({ code: '140821', name: '临猗县', level: 'county', parentCode: '1408' });
    expect((await admin.get('/regions?parent=149999')).status).toBe(404);
  });

  it('answers 413 for a body past the limit', async () => {
    const huge = { name: 'x'.repeat(1_200_000), kind: 'postal_admin', regionCode: '14' };
    const res = await admin.post('/organisations').send(huge);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    expect((await api(platform).raw.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await api(platform).raw.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: 'up', nats: 'up', supervision: 'up' });
    const metrics = await api(platform).raw.get('/metrics');
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/enterprises",status="201"\}/);
    expect(metrics.text).toMatch(/nats_request_duration_seconds_count\{subject="supervision.enterprises.create",outcome="ok"\}/);
  });

  it('answers 503 with Retry-After within the timeout while supervision is down, and readiness fails', async () => {
    await platform.stopApp('supervision');
    const started = Date.now();
    const res = await admin.get('/enterprises');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1500 + 500);
    const ready = await api(platform).raw.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.supervision).toBe('down');

    await platform.startApp('supervision');
    expect((await admin.get('/enterprises')).status).toBe(200);
    expect((await api(platform).raw.get('/health/ready')).status).toBe(200);
  });

  it('answers 503 within the timeout, not a hang, while supervision is alive but does not answer', async () => {
    const supervision = platform.running.get('supervision');
    supervision?.child.kill('SIGSTOP');
    try {
      const started = Date.now();
      const res = await admin.get('/enterprises');
      const elapsed = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/did not answer in time/);
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(1500 + 1000);
    } finally {
      supervision?.child.kill('SIGCONT');
    }
  });

  it('rate-limits logins per address with 429 and Retry-After', async () => {
    const attempts = [];
    for (let i = 0; i < LOGIN_RATE_LIMIT + 1; i++) {
      attempts.push(await api(platform).raw.post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' }));
    }
    const limited = attempts.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThan(0);
    expect(limited[0].body.code).toBe('RATE_LIMITED');
  });
});

describe('route authorisation inventory (every route of the OpenAPI document, called anonymously)', () => {
  const platform = new TestPlatform({ apps: ['gateway'] });
  beforeAll(() => platform.start(), 60_000);
  afterAll(() => platform.stop());

  const PUBLIC = [
    'GET /health',
    'GET /health/ready',
    'POST /api/v1/auth/login',
    'GET /api/v1/inspections/public',
    'POST /api/v1/public/complaints',
    'GET /api/v1/bulletins/public',
    'GET /api/v1/bulletins/public/{id}',
    'GET /api/v1/data-quality/evaluations/public',
  ];

  it('declares access on every route: undeclared routes answer 403 ACCESS_UNDECLARED, protected ones 401', async () => {
    const doc = (await api(platform).raw.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const outcomes = await Promise.all(
      routes.map(async ({ method, path }) => {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const res = await api(platform).raw[method.toLowerCase() as 'get' | 'post'](url).send({});
        return { route: `${method} ${path}`, status: res.status, code: res.body?.code as string | undefined };
      }),
    );
    const undeclared = outcomes.filter((o) => o.code === 'ACCESS_UNDECLARED');
    expect(undeclared).toEqual([]);
    const open = outcomes
      .filter((o) => o.status !== 401)
      .map((o) => o.route)
      .sort();
    expect(open).toEqual([...PUBLIC].sort());
  });
});
