import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateGreenReportRequest } from './green-report.dto.js';

const valid = {
  year: 2025,
  period: 'annual',
  regionCode: '14',
  parcels: 1000,
  eWaybills: 995,
  transitBagsTotal: 100,
  recyclableTransitBags: 75,
  plasticBagsUsed: 300,
  plasticBagsRecovered: 60,
  vehicles: { total: 10, newEnergy: 3 },
  energy: { dieselL: 120.5, gasolineL: 30, electricityKWh: 500, cngM3: 15 },
};

async function problems(body: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateGreenReportRequest, body), { whitelist: true, forbidNonWhitelisted: true });
  const flat = (list: typeof errors, parent = ''): string[] =>
    list.flatMap((e) => [
      ...Object.values(e.constraints ?? {}).map((m) => `${parent}${e.property}: ${m}`),
      ...flat(e.children ?? [], `${parent}${e.property}.`),
    ]);
  return flat(errors);
}

describe('report body: no negative figure', () => {
  it('accepts a complete report', async () => {
    expect(await problems(valid)).toEqual([]);
  });

  it('refuses a negative count, vehicle number and energy figure with a clear message', async () => {
    expect(await problems({ ...valid, plasticBagsUsed: -1 })).toEqual(['plasticBagsUsed: plasticBagsUsed must not be negative']);
    expect(await problems({ ...valid, vehicles: { total: -2, newEnergy: 0 } })).toEqual(['vehicles.total: total must not be negative']);
    expect(await problems({ ...valid, energy: { ...valid.energy, cngM3: -0.5 } })).toEqual(['energy.cngM3: cngM3 must not be negative']);
    expect(await problems({ ...valid, tapeMeters: -3 })).toEqual(['tapeMeters: tapeMeters must not be negative']);
  });

  it('refuses a stated rate given as a percentage instead of a ratio', async () => {
    expect(await problems({ ...valid, stated: { eWaybillRate: 99.2 } })).toEqual([
      'stated.eWaybillRate: eWaybillRate is a ratio between 0 and 1 (0.992 for 99.2%)',
    ]);
  });

  it('refuses fractional counts, an unknown period and a region outside Shanxi', async () => {
    const list = await problems({ ...valid, parcels: 10.5, period: 'H1', regionCode: '37' });
    expect(list).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parcels: /),
        expect.stringMatching(/^period: /),
        'regionCode: regionCode must be the province, a city (4 digits) or county (6 digits) of it',
      ]),
    );
  });
});
