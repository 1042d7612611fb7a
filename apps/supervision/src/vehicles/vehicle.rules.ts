/**
 * Number plates of delivery vehicles (快递配送车辆号牌), as the motor-vehicle plate standard
 * (GA 36) writes them for ordinary and new-energy vehicles:
 * - a province's one-character abbreviation (晋, 京, …) and the issuing office's letter (A–Z);
 * - ordinary plates (7 characters): five serial characters, letters and digits, no I or O;
 * - new-energy plates (8 characters, 新能源号牌): six serial characters, for small vehicles D or F
 *   (D pure electric, F other new energy) then a letter or digit then four digits, for large
 *   vehicles five digits then D or F.
 * Spaces, a middle dot (晋A·12345) and hyphens are dropped and letters upper-cased before the
 * check; the plate is stored that way. Trailer (挂), police, embassy and other special plates
 * are not delivery vehicles' and are refused.
 */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Serial characters: digits and letters without I and O. */
const SERIAL = '[0-9A-HJ-NP-Z]';
const OFFICE = '[A-Z]';
const ORDINARY = new RegExp(`^[${PROVINCES}]${OFFICE}${SERIAL}{5}$`, 'u');
const NEW_ENERGY_SMALL = new RegExp(`^[${PROVINCES}]${OFFICE}[DF]${SERIAL}\\d{4}$`, 'u');
const NEW_ENERGY_LARGE = new RegExp(`^[${PROVINCES}]${OFFICE}\\d{5}[DF]$`, 'u');

export type PlateKind = 'ordinary' | 'new_energy';

/** The plate as stored: without spaces, dots and hyphens, letters upper-cased. */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s·•.-]/gu, '').toUpperCase();
}

/** The kind of plate a normalised plate is, or null when it is not a valid ordinary or new-energy plate. */
export function plateKind(plate: string): PlateKind | null {
  if (ORDINARY.test(plate)) return 'ordinary';
  if (NEW_ENERGY_SMALL.test(plate) || NEW_ENERGY_LARGE.test(plate)) return 'new_energy';
  return null;
}

/**
 * What is wrong with a vehicle's plate and declared kind, or null: a new-energy (8-character)
 * plate is only issued to new-energy vehicles, so it cannot be declared otherwise; a
 * new-energy vehicle on an ordinary plate is accepted (plates issued before green plates).
 */
export function plateProblem(plate: string, newEnergy: boolean): string | null {
  const kind = plateKind(plate);
  if (kind === null) {
    return 'plate must be a Chinese plate: province abbreviation, office letter and 5 serial characters, or 6 for a new-energy plate (e.g. 晋A12345, 晋AD12345)';
  }
  if (kind === 'new_energy' && !newEnergy) return `${plate} is a new-energy plate: the vehicle must be declared new energy`;
  return null;
}
