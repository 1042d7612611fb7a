import { randomUUID } from 'node:crypto';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { courierFor, eventually, outletInput, sql } from './support/outlets.js';
import { COUNTY_A, subsidyActors, type SubsidyActors } from './support/subsidies.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;
type Sent = { status: number; body: { id?: string; code?: string }; headers: Record<string, string> };

/**
 * Exactly once behind an Idempotency-Key when the gateway gives up: the service is stopped
 * (SIGSTOP) while a creating request is on its way, the gateway answers 503 after
 * NATS_REQUEST_TIMEOUT_MS and frees the key, the service resumes (SIGCONT) and creates the
 * object anyway; the client's retry with the same key gets that object, not a second one.
 */
describe('exactly once behind an Idempotency-Key, across a gateway 503', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'outlets', 'subsidies', 'gateway'] });
  let admin: Client;
  let s: SubsidyActors;
  let courier: Client;
  let enterpriseId = '';
  let programmeId = '';

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    s = await subsidyActors(platform);
    const zto = await courierFor(platform, admin, { brand: 'ZTO' });
    courier = zto.courier;
    enterpriseId = zto.enterprise.id;
    const counts = await s.centreA.post('/parcel-counts').send({ reports: [{ date: '2023-06-01', brand: 'ZTO', direction: 'upstream', items: 100 }] });
    expect(counts.status).toBe(201);
    const programme = await s.admin.post('/subsidy-programmes').send({
      year: 2023,
      name: '幂等测试专项补助',
      directions: ['upstream'],
      rates: [{ direction: 'upstream', rateFen: 50 }],
      avgCeilingFen: 50,
      budgets: [{ countyCode: COUNTY_A, amountFen: 100_000 }],
    });
    expect(programme.status).toBe(201);
    programmeId = programme.body.id;
  }, 180_000);
  afterAll(() => platform.stop());

  /**
   * Sends a creating request while `service` is stopped (503), resumes it, waits for the
   * object it then creates, and retries with the same key; returns the three answers.
   */
  async function acrossA503(service: string, send: (key: string) => Promise<Sent>, count: () => Promise<number>) {
    const key = randomUUID();
    const pid = platform.running.get(service)?.child.pid as number;
    process.kill(pid, 'SIGSTOP');
    let first: Sent;
    try {
      first = await send(key);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect({ service, status: first.status, code: first.body.code }).toEqual({ service, status: 503, code: 'SERVICE_UNAVAILABLE' });
    // the service finishes the work the gateway gave up on
    await eventually(async () => expect(await count()).toBe(1), 15_000);
    const retry = await send(key);
    const replay = await send(key);
    expect({ service, retry: retry.status, replay: replay.status, replayed: replay.headers['idempotent-replayed'] }).toEqual({
      service,
      retry: 201,
      replay: 201,
      replayed: 'true',
    });
    expect(replay.body.id).toBe(retry.body.id);
    expect(await count()).toBe(1);
    return retry;
  }

  it('files one outlet', async () => {
    const body = outletInput(enterpriseId);
    const retry = await acrossA503(
      'outlets',
      (key) => courier.post('/outlets').set('idempotency-key', key).send(body),
      async () => Number((await sql<{ n: string }>(platform, 'SELECT count(*) AS n FROM outlets.outlets WHERE name = $1', [body.name]))[0].n),
    );
    expect(retry.body).toMatchObject({ name: body.name, status: 'submitted' });
  }, 60_000);

  it('computes one claim', async () => {
    const retry = await acrossA503(
      'subsidies',
      (key) =>
        s.centreA
          .post('/subsidy-claims')
          .set('idempotency-key', key)
          .send({ programmeId, countyCode: COUNTY_A, periodStart: '2023-06-01', periodEnd: '2023-06-01' }),
      async () => Number((await sql<{ n: string }>(platform, 'SELECT count(*) AS n FROM subsidies.claims WHERE programme_id = $1', [programmeId]))[0].n),
    );
    expect(retry.body).toMatchObject({ status: 'draft', countyCode: COUNTY_A, reportedItems: 100 });
  }, 60_000);

  it('opens one incident', async () => {
    const title = `临猗暴雨${randomUUID().slice(0, 8)}`;
    const retry = await acrossA503(
      'supervision',
      (key) =>
        admin
          .post('/incidents')
          .set('idempotency-key', key)
          .send({ kind: 'weather', title, severity: 3, affectedRegions: [COUNTY_A] }),
      async () => Number((await sql<{ n: string }>(platform, 'SELECT count(*) AS n FROM supervision.incidents WHERE title = $1', [title]))[0].n),
    );
    expect(retry.body).toMatchObject({ title, status: 'open' });
  }, 60_000);

  it('still creates a second object for a second key', async () => {
    const title = `万荣冰冻${randomUUID().slice(0, 8)}`;
    const body = { kind: 'weather', title, severity: 2, affectedRegions: [COUNTY_A] };
    const a = await admin.post('/incidents').set('idempotency-key', randomUUID()).send(body);
    const b = await admin.post('/incidents').set('idempotency-key', randomUUID()).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });
});
