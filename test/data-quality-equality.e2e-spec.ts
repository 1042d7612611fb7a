import { shanghaiToday } from '@app/contracts';
import { isOnTime, rate } from '@app/quality';
import { TestPlatform } from './support/platform.js';
import { COUNTY_A, subsidyActors, SubsidyActors, waybills } from './support/subsidies.js';
import { eventually } from './support/events.js';

const daysAgo = (n: number) => shanghaiToday(new Date(Date.now() - n * 86_400_000));

/**
 * One definition of data quality (libs/quality): for the same counts and waybills, the
 * subsidies service's GET /data-quality and the supervision overview (built from events)
 * give the same on-time, duplicate and two-way cross-match rates.
 */
describe('data quality: subsidies and supervision agree (one definition)', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'subsidies', 'gateway'] });
  let s: SubsidyActors;
  beforeAll(async () => {
    await platform.start();
    s = await subsidyActors(platform);
  }, 300_000);
  afterAll(() => platform.stop());

  it('gives the same rates for the same data, counting a side with nothing against it as a mismatch', async () => {
    const today = shanghaiToday();
    const year = Number(today.slice(0, 4));
    const [d0, d1, d2] = [daysAgo(5), daysAgo(1), daysAgo(2)];
    const sentAt = new Date();
    // county A: d1 counts 100 against 100 courier waybills (match); d0 counts 20, no waybills
    // (mismatch); d2 30 courier waybills, no counts (mismatch). County B: d1 counts 50, no waybills
    expect(
      (
        await s.centreA.post('/parcel-counts').send({
          reports: [
            { date: d1, brand: 'ZTO', direction: 'upstream', items: 100 },
            { date: d0, brand: 'ZTO', direction: 'upstream', items: 20 },
          ],
        })
      ).status,
    ).toBe(201);
    expect((await s.centreB.post('/parcel-counts').send({ reports: [{ date: d1, brand: 'ZTO', direction: 'upstream', items: 50 }] })).status).toBe(201);
    const batch = waybills('XEQA', 100, { brand: 'ZTO', date: d1, direction: 'upstream', countyCode: COUNTY_A });
    expect((await s.courier.post('/waybills').send(batch)).body.accepted).toBe(100);
    expect(
      (await s.courier.post('/waybills').send(waybills('XEQB', 30, { brand: 'ZTO', date: d2, direction: 'upstream', countyCode: COUNTY_A }))).body.accepted,
    ).toBe(30);
    // 10 numbers uploaded again: duplicates
    expect((await s.courier.post('/waybills').send(batch.slice(0, 10))).body.duplicates).toHaveLength(10);

    const onTime = [isOnTime(d1, sentAt), isOnTime(d0, sentAt), isOnTime(d1, sentAt)].filter(Boolean).length;
    const expected = { onTime: rate(onTime, 3), duplicate: rate(10, 140), crossMatch: rate(1, 4) };
    expect(expected.crossMatch).toBe(0.25);

    const subsidies = (await s.admin.get(`/data-quality?regionCode=14&from=${year}-01-01&to=${today}`)).body;
    expect(subsidies.indicators.crossMatchRate).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
    expect(subsidies.onTimeRate).toBe(expected.onTime);
    expect(subsidies.duplicateRate).toBe(expected.duplicate);
    // one county-day each: B's 50 against nothing, A's 20 against nothing, A's 30 waybills against no counts
    expect(subsidies.indicators.crossMatchRate.denominator - subsidies.indicators.crossMatchRate.numerator).toBe(3);

    const overview = async () =>
      new Map(
        ((await s.admin.get(`/supervision/overview?year=${year}&regionCode=14`)).body.indicators as Array<{ key: string; value: number | null }>).map((i) => [
          i.key,
          i.value,
        ]),
      );
    const seen = await eventually(
      overview,
      (o) => o.get('cross_match_rate') === subsidies.crossMatchRate && o.get('duplicate_rate') === subsidies.duplicateRate,
      10_000,
    );
    expect(seen.get('cross_match_rate')).toBe(subsidies.crossMatchRate);
    expect(seen.get('duplicate_rate')).toBe(subsidies.duplicateRate);
    expect(seen.get('on_time_rate')).toBe(subsidies.onTimeRate);
  });
});
