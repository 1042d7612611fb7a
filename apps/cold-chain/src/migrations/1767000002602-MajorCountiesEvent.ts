import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventTypes, type MajorCountiesSetEvent, PROVINCE } from '@app/contracts';

/**
 * Sends the list of major counties as it stands (the plan's, or as admin set it) once, through
 * the outbox, so that the supervision overview counts the same counties from the start; every
 * later change sends it again (ProgressService.setMajorCounties).
 */
export class MajorCountiesEvent1767000002602 implements MigrationInterface {
  name = 'MajorCountiesEvent1767000002602';

  async up(q: QueryRunner): Promise<void> {
    const rows: Array<{ county_code: string }> = await q.query(`SELECT county_code FROM cold_chain.major_counties ORDER BY created_at, county_code`);
    const data: MajorCountiesSetEvent = { province: PROVINCE, counties: rows.map((r) => r.county_code) };
    const event = {
      id: randomUUID(),
      type: EventTypes.majorCountiesSet,
      occurredAt: new Date().toISOString(),
      correlationId: this.name,
      actor: null,
      data,
    };
    await q.query(`INSERT INTO cold_chain.outbox (id, type, event) VALUES ($1, $2, $3)`, [event.id, event.type, event]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM cold_chain.outbox WHERE type = $1 AND event ->> 'correlationId' = $2 AND sent_at IS NULL`, [
      EventTypes.majorCountiesSet,
      this.name,
    ]);
  }
}
