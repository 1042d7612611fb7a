import fc from 'fast-check';
import { SubmitGreenReportMessage } from '@app/contracts';
import { figuresOf, figuresOfVersion, flatFigures } from './report.view.js';

const count = fc.integer({ min: 0, max: 1_000_000_000 });
const amount = fc.double({ min: 0, max: 1e9, noNaN: true });

/** A filed body: every figure, the optional ones present or left out. */
const body = fc
  .record({
    parcels: count,
    eWaybills: count,
    transitBagsTotal: count,
    recyclableTransitBags: count,
    plasticBagsUsed: count,
    plasticBagsRecovered: count,
    singleUsePlasticItems: fc.option(count, { nil: undefined }),
    recyclableBoxes: fc.option(count, { nil: undefined }),
    tapeMeters: fc.option(amount, { nil: undefined }),
    vehicles: fc.record({ total: count, newEnergy: count }),
    energy: fc.record({ dieselL: amount, gasolineL: amount, electricityKWh: amount, cngM3: amount }),
  })
  .map((figures) => Object.assign(new SubmitGreenReportMessage(), { year: 2025, period: 'annual', regionCode: '14', note: 'n' }, figures));

describe('green figures mapped between their shapes', () => {
  it('keep every figure from the body through the version columns and back; left-out ones are null', () => {
    fc.assert(
      fc.property(body, (input) => {
        const figures = figuresOf(input);
        expect(figures).toEqual({
          parcels: input.parcels,
          eWaybills: input.eWaybills,
          transitBagsTotal: input.transitBagsTotal,
          recyclableTransitBags: input.recyclableTransitBags,
          plasticBagsUsed: input.plasticBagsUsed,
          plasticBagsRecovered: input.plasticBagsRecovered,
          singleUsePlasticItems: input.singleUsePlasticItems ?? null,
          recyclableBoxes: input.recyclableBoxes ?? null,
          tapeMeters: input.tapeMeters ?? null,
          vehicles: input.vehicles,
          energy: input.energy,
        });
        const columns = flatFigures(figures);
        expect(Object.keys(columns).sort()).toEqual(
          [
            'parcels',
            'eWaybills',
            'transitBagsTotal',
            'recyclableTransitBags',
            'plasticBagsUsed',
            'plasticBagsRecovered',
            'singleUsePlasticItems',
            'recyclableBoxes',
            'tapeMeters',
            'vehiclesTotal',
            'vehiclesNewEnergy',
            'dieselL',
            'gasolineL',
            'electricityKWh',
            'cngM3',
          ].sort(),
        );
        expect(figuresOfVersion(columns)).toEqual(figures);
      }),
    );
  });
});
