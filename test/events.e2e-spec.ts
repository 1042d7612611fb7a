import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvent, EVENT_STREAM, eventSubject, EventTypes } from '@app/contracts';
import {
  awaitEventStream,
  ConsumerDefinition,
  EventConsumers,
  JetStreamHandles,
  Outbox,
  outboxParked,
  OutboxRelay,
  outboxParkingMigration,
  platformTablesMigration,
  rejectsTheRow,
} from '@app/events';
import { RequestError, PermissionViolationError, TimeoutError, NoRespondersError } from '@nats-io/transport-node';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { enterpriseInput } from './support/factories.js';
import { waitFor } from '../scripts/platform.mjs';

const SCHEMA = 'events_test';

describe('durable events, Idempotency-Key and audit trail (real NATS, JetStream and PostgreSQL)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'gateway'] });
  let admin: ReturnType<ReturnType<typeof api>['as']>;
  let db: DataSource;
  let jetstream: JetStreamHandles;
  /** supervision's own connection, for what the supervision relay publishes */
  let supervision: JetStreamHandles;
  let consumers: EventConsumers;

  const applied = async () =>
    (await db.query(`SELECT event_id, type FROM ${SCHEMA}.applied_log ORDER BY event_id`)) as Array<{ event_id: string; type: string }>;
  // a NATS user may create only its own consumers (deploy/nats/permissions.json): this test
  // borrows the outlets service's name and user, outlets not running here
  const consumer: ConsumerDefinition = {
    durable: 'outlets-licence-revoked',
    filter: 'supervision.>',
    handle: async (event, manager) => {
      await manager.query(`INSERT INTO ${SCHEMA}.applied_log (event_id, type) VALUES ($1, $2)`, [event.id, event.type]);
    },
  };
  const sentOutbox = async () => Number((await db.query(`SELECT count(*) FROM supervision.outbox WHERE sent_at IS NOT NULL`))[0].count);

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    db = await new DataSource({
      type: 'postgres',
      url: platform.databaseUrl,
      migrations: [platformTablesMigration(SCHEMA), outboxParkingMigration(SCHEMA)],
      migrationsTableName: `${SCHEMA}_migrations`,
    }).initialize();
    await db.query(`CREATE SCHEMA ${SCHEMA}`);
    await db.runMigrations();
    await db.query(`CREATE TABLE ${SCHEMA}.applied_log (event_id uuid PRIMARY KEY, type text NOT NULL)`);
    jetstream = await awaitEventStream(await platform.natsConnection('outlets'), 1, new Logger('events-test'));
    supervision = await awaitEventStream(await platform.natsConnection('supervision'), 1, new Logger('events-test'));
    consumers = new EventConsumers(db, SCHEMA, jetstream);
  }, 120_000);

  afterAll(async () => {
    await consumers?.onApplicationShutdown();
    await jetstream?.nc.drain();
    await supervision?.nc.drain();
    await db?.destroy();
    await platform.stop();
  });

  it('applies events published while the consumer was stopped exactly once after it starts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await admin.post('/enterprises').send(enterpriseInput())).body.id);
    await waitFor('the relay to publish', async () => (await sentOutbox()) >= 3, 10_000);

    await consumers.start(consumer);
    await waitFor('the consumer to apply', async () => (await applied()).length >= 3, 10_000);
    await consumers.onApplicationShutdown();

    const restarted = new EventConsumers(db, SCHEMA, jetstream);
    await restarted.start(consumer);
    await new Promise((r) => setTimeout(r, 1000));
    await restarted.onApplicationShutdown();

    const rows = await applied();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.type === EventTypes.enterpriseRegistered)).toBe(true);
    const events = (await db.query(`SELECT event FROM supervision.outbox`)) as Array<{ event: DomainEvent<{ enterpriseId: string }> }>;
    expect(events.map((e) => e.event.data.enterpriseId).sort()).toEqual(ids.sort());
  });

  it('does not apply an event twice when the relay dies between publish and marking it sent', async () => {
    const event: DomainEvent = {
      id: crypto.randomUUID(),
      type: EventTypes.enterpriseRegistered,
      occurredAt: new Date().toISOString(),
      correlationId: 'relay-crash',
      actor: null,
      data: { enterpriseId: 'x' },
    };
    const infoBefore = await jetstream.jsm.streams.info(EVENT_STREAM);
    await db.transaction(async (manager) => {
      await manager.query(`INSERT INTO supervision.outbox (id, type, event) VALUES ($1, $2, $3)`, [event.id, event.type, event]);
      // what the relay did before it died: published with the event id, never marked the row
      await supervision.js.publish(eventSubject(event.type), JSON.stringify(event), { msgID: event.id });
    });
    await waitFor(
      'the restarted relay to republish and mark',
      async () => Number((await db.query(`SELECT count(*) FROM supervision.outbox WHERE id = $1 AND sent_at IS NOT NULL`, [event.id]))[0].count) === 1,
    );
    const info = await jetstream.jsm.streams.info(EVENT_STREAM);
    const before = (await applied()).length;

    const again = new EventConsumers(db, SCHEMA, jetstream);
    await again.start(consumer);
    await waitFor('the consumer to apply', async () => (await applied()).length === before + 1, 10_000);
    // a redelivery after JetStream's duplicate window is caught by the consumer's own dedup
    expect(await again.apply(consumer, event)).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    await again.onApplicationShutdown();
    expect((await applied()).filter((r) => r.event_id === event.id)).toHaveLength(1);
    // the relay's second publish was dropped as a duplicate: the stream holds the event once
    expect((await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages).toBe(info.state.messages);
    expect(info.state.messages).toBe(infoBefore.state.messages + 1);
  });

  it('publishes nothing for a change whose transaction rolls back', async () => {
    const outbox = new Outbox(SCHEMA);
    const relay = new OutboxRelay(db, SCHEMA, supervision, platform.databaseUrl);
    const before = (await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages;
    await expect(
      db.transaction(async (manager) => {
        await outbox.add(manager, 'supervision.test-thing.happened', { n: 1 }, { principal: null, correlationId: 'rollback' });
        throw new Error('the change fails after writing its event');
      }),
    ).rejects.toThrow('the change fails');
    expect(await relay.drain()).toBe(0);

    await db.transaction((manager) => outbox.add(manager, 'supervision.test-thing.happened', { n: 2 }, { principal: null, correlationId: 'commit' }));
    expect(await relay.drain()).toBe(1);
    expect((await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages).toBe(before + 1);
  });

  it('publishes around an event the server refuses, and parks it after OUTBOX_PARK_AFTER refusals with a metric', async () => {
    const outbox = new Outbox(SCHEMA);
    const relay = new OutboxRelay(db, SCHEMA, supervision, platform.databaseUrl, 3);
    const parkedTotal = async () => (await outboxParked.get()).values[0]?.value ?? 0;
    const parkedBefore = await parkedTotal();
    const before = (await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages;
    const meta = { principal: null, correlationId: 'parking' };
    await db.transaction((manager) => outbox.add(manager, 'supervision.test-thing.happened', { n: 'before' }, meta));
    // an event of a subject supervision may not publish (deploy/nats/permissions.json)
    const poison = await db.transaction((manager) => outbox.add(manager, 'outlets.test-thing.happened', { n: 'poison' }, meta));
    await db.transaction((manager) => outbox.add(manager, 'supervision.test-thing.happened', { n: 'after' }, meta));
    const row = async () =>
      (
        (await db.query(`SELECT attempts, last_error, parked_at, sent_at FROM ${SCHEMA}.outbox WHERE id = $1`, [poison.id])) as Array<{
          attempts: number;
          last_error: string | null;
          parked_at: Date | null;
          sent_at: Date | null;
        }>
      )[0];

    // the events before and after it are published at the first drain: it holds back nothing
    expect(await relay.drain()).toBe(2);
    expect((await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages).toBe(before + 2);
    expect(await row()).toMatchObject({ attempts: 1, parked_at: null, sent_at: null });
    expect((await row()).last_error).toMatch(/permission/i);
    expect(await relay.drain()).toBe(0);
    expect(await row()).toMatchObject({ attempts: 2, parked_at: null });
    expect(await parkedTotal()).toBe(parkedBefore);
    expect(await relay.drain()).toBe(0);
    expect((await row()).parked_at).toBeInstanceOf(Date);
    expect(await parkedTotal()).toBe(parkedBefore + 1);
    // parked: no longer tried, nothing else is blocked
    await db.transaction((manager) => outbox.add(manager, 'supervision.test-thing.happened', { n: 'later' }, meta));
    expect(await relay.drain()).toBe(1);
    expect(await row()).toMatchObject({ attempts: 3, sent_at: null });
    expect((await jetstream.jsm.streams.info(EVENT_STREAM)).state.messages).toBe(before + 3);
  });

  it('counts only refusals of the row itself towards parking, never an outage', () => {
    expect(
      rejectsTheRow(new RequestError('permissions violation', { cause: new PermissionViolationError('permissions violation', 'publish', 'events.outlets.x') })),
    ).toBe(true);
    expect(rejectsTheRow(new PermissionViolationError('permissions violation', 'publish', 'events.outlets.x'))).toBe(true);
    expect(rejectsTheRow(new TimeoutError())).toBe(false);
    expect(rejectsTheRow(new NoRespondersError('events.supervision.x'))).toBe(false);
    expect(rejectsTheRow(new RequestError('connection disconnected'))).toBe(false);
    expect(rejectsTheRow('not an error')).toBe(false);
  });

  it('honours Idempotency-Key: replay returns the first response and stores one row; another body is 422', async () => {
    const input = enterpriseInput();
    const key = crypto.randomUUID();
    const first = await admin.post('/enterprises').set('Idempotency-Key', key).send(input);
    const replay = await admin.post('/enterprises').set('Idempotency-Key', key).send(input);
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const rows = await db.query(`SELECT count(*) FROM supervision.enterprises WHERE uscc = $1`, [input.uscc]);
    expect(Number(rows[0].count)).toBe(1);

    const other = await admin
      .post('/enterprises')
      .set('Idempotency-Key', key)
      .send({ ...input, name: '另一个名称有限公司' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // the fingerprint is the body's bytes: the same bytes replay, the same value spelt otherwise is another request
    const sameBytes = await admin.post('/enterprises').set('Idempotency-Key', key).set('Content-Type', 'application/json').send(JSON.stringify(input));
    expect(sameBytes.status).toBe(201);
    expect(sameBytes.headers['idempotent-replayed']).toBe('true');
    const respelt = await admin
      .post('/enterprises')
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(input, null, 2));
    expect(respelt.status).toBe(422);
    expect(respelt.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await admin.post('/enterprises').set('Idempotency-Key', 'bad key with spaces').send(input)).status).toBe(400);
  });

  it('forgets a key after its time: an expired key serves a new request and is purged at start', async () => {
    const key = crypto.randomUUID();
    expect((await admin.post('/enterprises').set('Idempotency-Key', key).send(enterpriseInput())).status).toBe(201);
    const expire = () => db.query(`UPDATE gateway.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    await expire();
    const reused = await admin.post('/enterprises').set('Idempotency-Key', key).send(enterpriseInput());
    expect(reused.status).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();

    await expire();
    await platform.stopApp('gateway');
    await platform.startApp('gateway');
    await waitFor(
      'the purge at start',
      async () => Number((await db.query(`SELECT count(*) FROM gateway.idempotency_keys WHERE key = $1`, [key]))[0].count) === 0,
    );
    const kept = await db.query(`SELECT min(expires_at - created_at) AS ttl FROM gateway.idempotency_keys`);
    expect(kept[0].ttl.hours ?? kept[0].ttl.days * 24).toBeGreaterThanOrEqual(24);
  });

  it('answers 409 to a replay while the first request is still running', async () => {
    const supervision = platform.running.get('supervision');
    const key = crypto.randomUUID();
    const input = enterpriseInput();
    supervision?.child.kill('SIGSTOP');
    try {
      const first = admin
        .post('/enterprises')
        .set('Idempotency-Key', key)
        .send(input)
        .then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      const second = await admin.post('/enterprises').set('Idempotency-Key', key).send(input);
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('IDEMPOTENCY_IN_FLIGHT');
      supervision?.child.kill('SIGCONT');
      expect([201, 503]).toContain((await first).status);
    } finally {
      supervision?.child.kill('SIGCONT');
    }
  });

  it('writes every state change of the enterprise registry to the audit trail with its correlation id', async () => {
    const correlationId = `audit-${crypto.randomUUID()}`;
    const created = await admin.post('/enterprises').set('X-Correlation-Id', correlationId).send(enterpriseInput());
    expect(created.headers['x-correlation-id']).toBe(correlationId);
    const trail = await admin.get(`/audit?service=supervision&objectType=enterprise&objectId=${created.body.id}`);
    expect(trail.status).toBe(200);
    expect(trail.body.items).toEqual([
      expect.objectContaining({ action: 'enterprise.registered', correlationId, after: expect.objectContaining({ id: created.body.id }) }),
    ]);

    const brand = await admin.post('/brands').set('X-Correlation-Id', `${correlationId}-b`).send({ code: 'ZJS', name: '宅急送' });
    expect(brand.status).toBe(201);
    const brandTrail = await admin.get('/audit?service=supervision&objectType=brand&objectId=ZJS');
    expect(brandTrail.body.items[0]).toMatchObject({ action: 'brand.added', correlationId: `${correlationId}-b` });

    const org = await admin
      .post('/organisations')
      .set('X-Correlation-Id', `${correlationId}-o`)
      .send({ name: '大同市邮政管理局', kind: 'postal_admin', regionCode: '1402' });
    const orgTrail = await admin.get(`/audit?service=gateway&objectId=${org.body.id}`);
    expect(orgTrail.body.items[0]).toMatchObject({ action: 'organisation.created', correlationId: `${correlationId}-o`, objectType: 'organisation' });

    const auditorless = await api(platform).raw.get('/api/v1/audit?service=supervision');
    expect(auditorless.status).toBe(401);
  });
});
