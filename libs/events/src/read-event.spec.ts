import { randomUUID } from 'node:crypto';
import { readEvent } from './read-event.js';

const body = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const event = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'green.report.accepted',
  occurredAt: '2025-05-01T02:00:00.000Z',
  correlationId: 'c',
  actor: null,
  data: { reportId: 'r' },
  ...over,
});

describe('reading an event message: the producer is the subject’s service', () => {
  it('takes an event whose type is its subject’s', () => {
    const e = event();
    expect(readEvent('events.green.report.accepted', body(e))).toEqual(e);
  });

  it('refuses a body claiming another service’s type, or another type of the same service', () => {
    expect(readEvent('events.green.report.accepted', body(event({ type: 'subsidies.claim.status-changed' })))).toEqual({
      reason: 'WRONG_PRODUCER',
      detail: 'published by green on events.green.report.accepted but claims type subsidies.claim.status-changed',
    });
    expect(readEvent('events.green.report.accepted', body(event({ type: 'green.report.rejected' })))).toMatchObject({ reason: 'WRONG_PRODUCER' });
  });

  it('refuses what is not JSON, not UTF-8, not an object, or lacks the envelope', () => {
    expect(readEvent('events.green.report.accepted', body('not json {'))).toMatchObject({ reason: 'NOT_JSON' });
    expect(readEvent('events.green.report.accepted', new Uint8Array([0xff, 0xfe, 0x7b]))).toMatchObject({ reason: 'NOT_JSON' });
    expect(readEvent('events.green.report.accepted', body('[1,2]'))).toMatchObject({ reason: 'INVALID' });
    expect(readEvent('events.green.report.accepted', body('null'))).toMatchObject({ reason: 'INVALID' });
    expect(readEvent('events.green.report.accepted', body(event({ id: 'x', data: undefined })))).toEqual({
      reason: 'INVALID',
      detail: 'missing or malformed: id (uuid), data',
    });
    expect(readEvent('events.green.report.accepted', body(event({ occurredAt: 'yesterday' })))).toMatchObject({ reason: 'INVALID' });
  });
});
