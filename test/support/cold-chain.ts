import { jetstreamManager } from '@nats-io/jetstream';
import { randomInt } from 'node:crypto';
import type { DomainEvent } from '@app/contracts';
import type { TestPlatform } from './platform.js';

/** Places used by the cold-chain tests, with a location inside each. */
export const PLACES = {
  yuci: { regionCode: '140702', location: { lat: 37.69, lng: 112.75 } },
  xiaodian: { regionCode: '140105', location: { lat: 37.74, lng: 112.56 } },
  linyi: { regionCode: '140821', location: { lat: 35.14, lng: 110.77 } },
  linyiTown: { regionCode: '140821100', location: { lat: 35.15, lng: 110.78 } },
  qingxu: { regionCode: '140121', location: { lat: 37.61, lng: 112.36 } },
  yanhu: { regionCode: '140802', location: { lat: 35.03, lng: 111.0 } },
  wanrong: { regionCode: '140822', location: { lat: 35.42, lng: 110.84 } },
} as const;

/** A valid facility registration; override what the test is about. */
export function facilityInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'origin_cold_storage',
    name: `测试冷库${randomInt(1e9)}`,
    operator: '临猗县果业专业合作社',
    ...PLACES.linyi,
    capacityTonnes: 1000,
    temperatureZones: [
      { zone: 'chilled', minC: 0, maxC: 4, capacityTonnes: 600 },
      { zone: 'controlled_atmosphere', minC: -1, maxC: 2, capacityTonnes: 400, oxygenPct: 2, carbonDioxidePct: 3 },
    ],
    commodities: ['fruit'],
    status: 'operating',
    statusDate: '2024-04-01',
    ...overrides,
  };
}

/** Does a NATS subject match a pattern with `*` (one token) and a trailing `>` (the rest)? */
function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const t = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return t.length > i;
    if (p[i] !== '*' && p[i] !== t[i]) return false;
  }
  return p.length === t.length;
}

/**
 * Domain events of the platform's JetStream stream whose type matches `filter` (a type, or a
 * NATS wildcard such as `cold-chain.>`), read message by message as the stream manager's NATS
 * user (the only one that may read the stream by sequence; a service may use only its own
 * consumers), waiting until `until` holds (the outbox relay publishes shortly after each commit).
 */
export async function streamEvents(
  platform: TestPlatform,
  filter: string,
  until: (events: DomainEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<DomainEvent[]> {
  const nc = await platform.natsConnection('supervision');
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { first_seq, last_seq } = (await jsm.streams.info('EVENTS')).state;
      const events: DomainEvent[] = [];
      for (let seq = Math.max(first_seq, 1); seq <= last_seq; seq++) {
        const m = await jsm.streams.getMessage('EVENTS', { seq });
        if (m && subjectMatches(`events.${filter}`, m.subject)) events.push(m.json<DomainEvent>());
      }
      if (until(events) || Date.now() > deadline) return events;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await nc.close();
  }
}
