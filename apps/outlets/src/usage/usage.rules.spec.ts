import { compartmentCount, lockerFigures, rate } from './usage.rules.js';

describe('locker usage rules', () => {
  it('computes the locker delivery rate over every outlet’s deliveries', () => {
    const figures = lockerFigures([
      { kind: 'smart_locker', parcelsDelivered: 120, compartments: 72 },
      { kind: 'smart_locker', parcelsDelivered: 30, compartments: 72 },
      { kind: 'terminal_outlet', parcelsDelivered: 850, compartments: 0 },
    ]);
    expect(figures).toEqual({
      parcelsDelivered: 1000,
      lockerParcelsDelivered: 150,
      lockerDeliveryRate: 0.15,
      compartmentDays: 144,
      compartmentUtilisation: 1.0417,
    });
  });

  it('answers null rates when nothing was delivered or no locker reported', () => {
    expect(lockerFigures([])).toMatchObject({ lockerDeliveryRate: null, compartmentUtilisation: null });
    const noLockers = lockerFigures([{ kind: 'village_post_station', parcelsDelivered: 40, compartments: 0 }]);
    expect(noLockers).toMatchObject({ lockerDeliveryRate: 0, compartmentUtilisation: null });
  });

  it('counts compartments of every size', () => {
    expect(compartmentCount({ small: 40, medium: 24, large: 8 })).toBe(72);
    expect(compartmentCount(null)).toBe(0);
    expect(rate(1, 3)).toBe(0.3333);
  });
});
