import type { OutletKind } from '@app/contracts';

export interface Compartments {
  small: number;
  medium: number;
  large: number;
}

export function compartmentCount(c: Compartments | null | undefined): number {
  return c ? c.small + c.medium + c.large : 0;
}

/** Rounds a rate to 4 decimals; null when the denominator is 0 (nothing to measure). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export interface UsageRow {
  kind: OutletKind;
  parcelsDelivered: number;
  /** compartments of a locker on that day; 0 for other kinds */
  compartments: number;
}

export interface LockerFigures {
  parcelsDelivered: number;
  lockerParcelsDelivered: number;
  /** 箱递率: parcels delivered into lockers ÷ parcels delivered */
  lockerDeliveryRate: number | null;
  compartmentDays: number;
  /** parcels deposited per compartment per reported locker-day */
  compartmentUtilisation: number | null;
}

/**
 * Locker delivery rate (箱递率) and compartment utilisation of a set of daily reports. Each
 * parcel is reported delivered once, by the outlet that handed it over, so the rate is the
 * lockers' deliveries over everyone's deliveries.
 */
export function lockerFigures(rows: Iterable<UsageRow>): LockerFigures {
  let delivered = 0;
  let lockerDelivered = 0;
  let compartmentDays = 0;
  for (const row of rows) {
    delivered += row.parcelsDelivered;
    if (row.kind === 'smart_locker') {
      lockerDelivered += row.parcelsDelivered;
      compartmentDays += row.compartments;
    }
  }
  return {
    parcelsDelivered: delivered,
    lockerParcelsDelivered: lockerDelivered,
    lockerDeliveryRate: rate(lockerDelivered, delivered),
    compartmentDays,
    compartmentUtilisation: rate(lockerDelivered, compartmentDays),
  };
}
