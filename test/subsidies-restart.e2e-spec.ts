import { DomainError, Role, Subjects, type WaybillChunkRequest } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { TestPlatform } from './support/platform.js';
import { COUNTY_A, COUNTY_B, dbQuery, subsidyActors, waybills, type Client, type WaybillInput } from './support/subsidies.js';

const REQUESTS = 6;
const ROWS = 20_000;
const OVERLAP = 500;

interface Outcome {
  status: number;
  body: { received: number; accepted: number; duplicates: unknown[]; rejected: unknown[]; batchIds: string[]; code?: string };
}

/** Request k: 20,000 waybills, the first 500 of which repeat numbers of request k − 1. */
function request(k: number): WaybillInput[] {
  const own = waybills(`RS${k}N`, ROWS - (k === 0 ? 0 : OVERLAP), {
    brand: 'ZTO',
    date: '2023-07-01',
    direction: k % 2 ? 'upstream' : 'downstream',
    countyCode: k % 2 ? COUNTY_A : COUNTY_B,
  });
  const repeated = k === 0 ? [] : waybills(`RS${k - 1}N`, OVERLAP, { brand: 'ZTO', date: '2023-07-02', direction: 'upstream', countyCode: COUNTY_A });
  return [...repeated, ...own];
}

describe('waybill ingest survives a crash of the subsidies service: retries with the same Idempotency-Keys store everything exactly once', () => {
  const platform = new TestPlatform();
  let courier: Client;
  const bodies = Array.from({ length: REQUESTS }, (_, k) => request(k));
  const send = (k: number) => courier.post('/waybills').set('Idempotency-Key', `restart-test-${k}`).send(bodies[k]) as unknown as Promise<Outcome>;

  beforeAll(async () => {
    await platform.start();
    courier = (await subsidyActors(platform)).courier;
  }, 180_000);

  afterAll(() => platform.stop());

  it('kills subsidies in the middle of a multi-batch ingest, restarts it, and ends with every accepted waybill stored once', async () => {
    const outcomes: Array<Outcome | undefined> = [];
    for (const k of [0, 1]) outcomes[k] = await send(k);
    expect(outcomes[0]?.body.batchIds.length).toBeGreaterThan(1);

    // requests 2 and 3 go out together; the service is killed (SIGKILL, no goodbye) while they run
    const inFlight = [send(2), send(3)];
    await new Promise((r) => setTimeout(r, 60));
    await platform.stopApp('subsidies', 'SIGKILL');
    const during = await Promise.all(inFlight);
    expect(during.some((o) => o.status === 503)).toBe(true);
    for (const o of during) expect([201, 503]).toContain(o.status);
    outcomes[2] = during[0].status === 201 ? during[0] : undefined;
    outcomes[3] = during[1].status === 201 ? during[1] : undefined;
    const down = await send(4);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('SERVICE_UNAVAILABLE');

    await platform.startApp('subsidies');
    for (let k = 2; k < REQUESTS; k++) {
      for (let attempt = 0; !outcomes[k]; attempt++) {
        const o = await send(k);
        if (o.status === 201) outcomes[k] = o;
        else if (o.status !== 503 || attempt > 20) throw new Error(`request ${k}: ${o.status} ${JSON.stringify(o.body)}`);
        else await new Promise((r) => setTimeout(r, 500));
      }
    }

    const unique = new Set(bodies.flat().map((w) => w.waybillNo)).size;
    const final = outcomes.map((o) => (o as Outcome).body);
    const [{ stored, batches, batchAccepted }] = await dbQuery<{ stored: string; batches: string; batchAccepted: string }>(
      platform,
      `SELECT (SELECT count(*) FROM subsidies.waybills WHERE waybill_no LIKE 'RS%') AS stored,
              (SELECT count(*) FROM subsidies.waybill_batches) AS batches,
              (SELECT sum(accepted) FROM subsidies.waybill_batches) AS "batchAccepted"`,
    );
    expect(Number(stored)).toBe(unique);
    expect(final.reduce((a, b) => a + b.accepted, 0)).toBe(unique);
    expect(Number(batchAccepted)).toBe(unique);
    expect(Number(batches)).toBe(final.reduce((a, b) => a + b.batchIds.length, 0));
    final.forEach((b, k) => {
      expect(b.received).toBe(ROWS);
      expect(b.accepted + b.duplicates.length + b.rejected.length).toBe(ROWS);
      expect(b.duplicates).toHaveLength(k === 0 ? 0 : OVERLAP);
    });
    const orphans = await dbQuery<{ n: string }>(
      platform,
      `SELECT count(*) AS n FROM subsidies.waybills w WHERE NOT EXISTS (SELECT 1 FROM subsidies.waybill_batches b WHERE b.id = w.batch_id)`,
    );
    expect(Number(orphans[0].n)).toBe(0);

    // every request once more under its key: the stored answers, nothing written
    for (let k = 0; k < REQUESTS; k++) {
      const replay = await send(k);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(final[k]);
    }
    const [{ after }] = await dbQuery<{ after: string }>(platform, `SELECT count(*) AS after FROM subsidies.waybill_batches`);
    expect(Number(after)).toBe(Number(batches));

    const reused = await courier.post('/waybills').set('Idempotency-Key', 'restart-test-0').send(bodies[1].slice(0, 100));
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  }, 180_000);

  it('keeps a chunk exactly once under its key by itself, without the gateway in between', async () => {
    const nc = await platform.natsConnection('gateway');
    try {
      const bus = new ServiceRequester(nc, 10_000);
      const meta = {
        principal: { sub: 'direct-client', role: Role.Courier, orgId: null, regionCode: '14' },
        correlationId: 'direct-chunk-test',
        idempotencyKey: 'direct-key',
      };
      const chunk = (prefix: string): WaybillChunkRequest => ({
        part: 0,
        parts: 1,
        requestHash: (prefix === 'DA' ? 'a' : 'b').repeat(64),
        index: [0, 1],
        waybillNo: [`${prefix}00000001`, `${prefix}00000002`],
        brand: ['ZTO', 'ZTO'],
        date: ['2023-07-03', '2023-07-03'],
        direction: ['upstream', 'upstream'],
        countyCode: [COUNTY_A, COUNTY_A],
        villageCode: ['', ''],
        ownBrands: ['ZTO'],
      });
      const first = await bus.request(Subjects.subsidies.waybillsIngest, chunk('DA'), meta);
      expect(first).toMatchObject({ accepted: 2, replayed: false });
      const again = await bus.request(Subjects.subsidies.waybillsIngest, chunk('DA'), meta);
      expect(again).toEqual({ ...first, replayed: true });
      await expect(bus.request(Subjects.subsidies.waybillsIngest, chunk('DB'), meta)).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      await expect(bus.request(Subjects.subsidies.waybillsIngest, { ...chunk('DC'), brand: ['ZTO'] }, meta)).rejects.toBeInstanceOf(DomainError);
      const [{ n }] = await dbQuery<{ n: string }>(platform, `SELECT count(*) AS n FROM subsidies.waybills WHERE waybill_no LIKE 'D_%'`);
      expect(Number(n)).toBe(2);
    } finally {
      await nc.close();
    }
  });
});
