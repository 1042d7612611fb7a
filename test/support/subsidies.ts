import { randomInt } from 'node:crypto';
import pg from 'pg';
import { api } from './http.js';
import { enterpriseInput, validUscc } from './factories.js';
import type { TestPlatform } from './platform.js';

export type Client = ReturnType<ReturnType<typeof api>['as']>;

/** 临猗县 and 万荣县, both in 运城市 (1408); 太原市 (1401) is another city. */
export const COUNTY_A = '140821';
export const COUNTY_B = '140822';
export const CITY = '1408';
export const OTHER_CITY = '1401';

export interface SubsidyActors {
  admin: Client;
  centreA: Client;
  centreB: Client;
  city: Client;
  otherCity: Client;
  province: Client;
  /** a courier of brand ZTO (its organisation's credit code is a registered ZTO enterprise) */
  courier: Client;
  /** couriers of other brands, likewise */
  courierEms: Client;
  courierYto: Client;
  centreIds: { a: string; b: string };
  orgIds: Record<'a' | 'b' | 'city' | 'province' | 'otherCity' | 'courier', string>;
}

async function created<T = Record<string, string>>(res: Promise<{ status: number; body: T; text: string }>): Promise<T> {
  const r = await res;
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${r.text}`);
  return r.body;
}

/**
 * Organisations, users and the two county centres of a subsidies test: the centres of
 * 临猗县 and 万荣县, staff of their city, of another city and of the province, and couriers of
 * the brands ZTO, EMS and YTO, each an organisation whose credit code is a registered
 * enterprise of that brand.
 */
export async function subsidyActors(platform: TestPlatform): Promise<SubsidyActors> {
  const admin = api(platform).as({ token: await platform.adminToken() });
  const org = (name: string, kind: string, regionCode: string, extra: Record<string, string> = {}) =>
    created(admin.post('/organisations').send({ name, kind, regionCode, ...extra }));
  const usccs = { ZTO: validUscc(), EMS: validUscc(), YTO: validUscc() };
  await Promise.all(Object.entries(usccs).map(([brand, uscc]) => created(admin.post('/enterprises').send(enterpriseInput({ uscc, brand })))));
  const [a, b, city, province, otherCity, courier, courierEms, courierYto] = await Promise.all([
    org('临猗县寄递物流中心', 'county_centre', COUNTY_A),
    org('万荣县寄递物流中心', 'county_centre', COUNTY_B),
    org('运城市邮政管理局', 'postal_admin', CITY),
    org('山西省邮政管理局', 'postal_admin', '14'),
    org('太原市邮政管理局', 'postal_admin', OTHER_CITY),
    org('中通快递山西分公司', 'courier', '14', { uscc: usccs.ZTO }),
    org('中国邮政速递物流山西分公司', 'courier', '14', { uscc: usccs.EMS }),
    org('圆通速递山西分公司', 'courier', '14', { uscc: usccs.YTO }),
  ]);
  const suffix = randomInt(1e6);
  const user = async (name: string, role: string, orgId: string): Promise<Client> => {
    const username = `${name}.${suffix}`;
    const password = `pw-${name}-long-enough`;
    await created(admin.post('/users').send({ username, password, role, orgId }));
    return api(platform).as({ token: await platform.login(username, password) });
  };
  const [centreA, centreB, cityStaff, otherCityStaff, provinceStaff, courierUser, emsUser, ytoUser] = await Promise.all([
    user('centre-a', 'county_centre', a.id),
    user('centre-b', 'county_centre', b.id),
    user('city', 'staff', city.id),
    user('other-city', 'staff', otherCity.id),
    user('province', 'staff', province.id),
    user('courier', 'courier', courier.id),
    user('courier-ems', 'courier', courierEms.id),
    user('courier-yto', 'courier', courierYto.id),
  ]);
  const centreA_ = await created(admin.post('/county-centres').send({ name: '临猗县寄递物流中心', countyCode: COUNTY_A, orgId: a.id, dailyCapacity: 5000 }));
  const centreB_ = await created(admin.post('/county-centres').send({ name: '万荣县寄递物流中心', countyCode: COUNTY_B, orgId: b.id }));
  return {
    admin,
    centreA,
    centreB,
    city: cityStaff,
    otherCity: otherCityStaff,
    province: provinceStaff,
    courier: courierUser,
    courierEms: emsUser,
    courierYto: ytoUser,
    centreIds: { a: centreA_.id, b: centreB_.id },
    orgIds: { a: a.id, b: b.id, city: city.id, province: province.id, otherCity: otherCity.id, courier: courier.id },
  };
}

export interface WaybillInput {
  waybillNo: string;
  brand: string;
  date: string;
  direction: 'upstream' | 'downstream';
  countyCode: string;
  villageCode?: string;
}

/** `count` distinct waybills of one county, date, brand and direction, numbered from `prefix`. */
export function waybills(prefix: string, count: number, fields: Omit<WaybillInput, 'waybillNo'>): WaybillInput[] {
  return Array.from({ length: count }, (_, i) => ({ waybillNo: `${prefix}${String(i).padStart(8, '0')}`, ...fields }));
}

/** Reads the platform's database directly, to check what was (not) stored. */
export async function dbQuery<T = Record<string, unknown>>(platform: TestPlatform, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
