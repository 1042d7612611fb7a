import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ClaimStatusChangedEvent, EVENT_STREAM, EventTypes } from '@app/contracts';
import { TestPlatform } from './support/platform.js';
import { withDb } from './support/db.js';
import { EventPublisher, eventually } from './support/events.js';

/**
 * The read-model consumer takes the producer from the subject: a forged or unreadable event
 * changes nothing, lands in dead_letters and is terminated, and the consumer keeps going.
 */
describe('event consumers dead-letter forged and unreadable events', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'gateway'] });
  let events: EventPublisher;
  const sql = <T>(text: string, params: unknown[] = []) => withDb(platform.databaseUrl, async (c) => (await c.query(text, params)).rows as T[]);

  beforeAll(async () => {
    await platform.start();
    events = new EventPublisher(platform);
  }, 120_000);

  afterAll(async () => {
    await events?.close();
    await platform.stop();
  });

  it('keeps a green message claiming a subsidies type and a non-JSON one out of the read models, and goes on', async () => {
    const claim = (claimId: string): ClaimStatusChangedEvent => ({
      claimId,
      programmeId: 'p-2025',
      year: 2025,
      countyCode: '140821',
      from: 'approved',
      to: 'paid',
      items: 1000,
      amountFen: 45_000,
      avgCeilingFen: 50,
    });
    const forgedId = randomUUID();
    const forged = events.event(EventTypes.claimStatusChanged, claim(forgedId));
    const green = await platform.natsConnection('green');
    const js = jetstream(green);
    await js.publish('events.green.report.accepted', JSON.stringify(forged), { msgID: forged.id });
    await js.publish('events.green.report.accepted', 'this is not JSON {', { msgID: randomUUID() });
    const genuineId = randomUUID();
    await events.publish(events.event(EventTypes.claimStatusChanged, claim(genuineId)));

    await eventually(
      () => sql<{ claim_id: string }>(`SELECT claim_id FROM supervision.rm_claims`),
      (rows) => rows.some((r) => r.claim_id === genuineId),
      30_000,
    );
    expect(await sql(`SELECT 1 FROM supervision.rm_claims WHERE claim_id = $1`, [forgedId])).toEqual([]);
    const letters = await sql<{ consumer: string; subject: string; reason: string; detail: string; body: string }>(
      `SELECT consumer, subject, reason, detail, body FROM supervision.dead_letters ORDER BY stream_seq`,
    );
    expect(letters).toEqual([
      {
        consumer: 'supervision-read-models',
        subject: 'events.green.report.accepted',
        reason: 'WRONG_PRODUCER',
        detail: `published by green on events.green.report.accepted but claims type ${EventTypes.claimStatusChanged}`,
        body: JSON.stringify(forged),
      },
      expect.objectContaining({ consumer: 'supervision-read-models', reason: 'NOT_JSON', body: 'this is not JSON {' }),
    ]);
    expect(await sql(`SELECT 1 FROM supervision.applied_events WHERE event_id = $1`, [forged.id])).toEqual([]);

    const info = await eventually(
      async () => (await jetstreamManager(await platform.natsConnection('supervision'))).consumers.info(EVENT_STREAM, 'supervision-read-models'),
      (i) => i.num_ack_pending === 0 && i.num_pending === 0,
    );
    expect(info.num_redelivered).toBe(0);
    expect(platform.running.get('supervision')?.child.exitCode).toBeNull();
    await green.drain();
  });
});
