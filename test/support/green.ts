import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { shanghaiToday } from '@app/contracts';
import type { TestPlatform } from './platform.js';
import { api } from './http.js';
import { enterpriseInput } from './factories.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

/** The year whose annual period has ended, and the one before (Asia/Shanghai). */
export const LAST_YEAR = Number(shanghaiToday().slice(0, 4)) - 1;
export const YEAR_BEFORE = LAST_YEAR - 1;

/** The activity set whose CO2 was worked by hand: 68,500.621 kg with factor set v1. */
export const KNOWN_ENERGY = { dieselL: 12000, gasolineL: 3000, electricityKWh: 50000, cngM3: 1500 };
export const KNOWN_CO2E_KG = 68500.621;

export function greenReport(overrides: Record<string, unknown> = {}) {
  return {
    year: LAST_YEAR,
    period: 'annual',
    regionCode: '14',
    parcels: 1_000_000,
    eWaybills: 995_000,
    transitBagsTotal: 20_000,
    recyclableTransitBags: 15_000,
    plasticBagsUsed: 300_000,
    plasticBagsRecovered: 60_000,
    singleUsePlasticItems: 50_000,
    recyclableBoxes: 5_000,
    tapeMeters: 800_000,
    vehicles: { total: 100, newEnergy: 30 },
    energy: KNOWN_ENERGY,
    ...overrides,
  };
}

export interface Courier {
  enterprise: { id: string; name: string; uscc: string };
  orgId: string;
  userId: string;
  client: Client;
}

/** A registered enterprise, a courier organisation tied to it by credit code, and a signed-in courier user. */
export async function registerCourier(platform: TestPlatform, admin: Client, name: string): Promise<Courier> {
  const enterprise = await admin.post('/enterprises').send(enterpriseInput({ name }));
  if (enterprise.status !== 201) throw new Error(`enterprise: ${enterprise.status} ${JSON.stringify(enterprise.body)}`);
  const org = await admin.post('/organisations').send({ name: `${name}（山西）`, kind: 'courier', regionCode: '14', uscc: enterprise.body.uscc });
  const username = `courier.${randomBytes(4).toString('hex')}`;
  const password = 'a-long-password-courier';
  const user = await admin.post('/users').send({ username, password, role: 'courier', orgId: org.body.id });
  const client = api(platform).as({ token: await platform.login(username, password) });
  return { enterprise: enterprise.body, orgId: org.body.id, userId: user.body.id, client };
}

/** A postal staff user scoped to `regionCode`. */
export async function registerStaff(platform: TestPlatform, admin: Client, regionCode: string): Promise<Client> {
  const org = await admin.post('/organisations').send({ name: `邮政管理局 ${regionCode}-${randomBytes(2).toString('hex')}`, kind: 'postal_admin', regionCode });
  const username = `staff.${randomBytes(4).toString('hex')}`;
  const password = 'a-long-password-staff';
  const user = await admin.post('/users').send({ username, password, role: 'staff', orgId: org.body.id });
  if (user.status !== 201) throw new Error(`staff user: ${user.status} ${JSON.stringify(user.body)}`);
  return api(platform).as({ token: await platform.login(username, password) });
}

/** Runs SQL against the platform's own database (to read the outbox and audit trail, or add a factor set as a migration would). */
export async function sql<T = Record<string, unknown>>(platform: TestPlatform, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
