import { randomInt } from 'node:crypto';
import pg from 'pg';
import { api } from './http.js';
import { enterpriseInput } from './factories.js';
import type { TestPlatform } from './platform.js';

export type Client = ReturnType<ReturnType<typeof api>['as']>;

/** Signs a new user in; creates the organisation too when none is given. */
export async function userOf(platform: TestPlatform, admin: Client, input: { role: string; orgId: string; regionCode?: string }): Promise<Client> {
  const username = `${input.role}.${randomInt(1e9)}`;
  const password = `pw-${randomInt(1e9)}-long`;
  const user = await admin.post('/users').send({ username, password, ...input });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${JSON.stringify(user.body)}`);
  return api(platform).as({ token: await platform.login(username, password) });
}

/** A registered enterprise with a courier organisation tied to it by credit code, and a signed-in courier. */
export async function courierFor(
  platform: TestPlatform,
  admin: Client,
  overrides: Record<string, unknown> = {},
): Promise<{ enterprise: { id: string; uscc: string; name: string }; orgId: string; courier: Client }> {
  const created = await admin.post('/enterprises').send(enterpriseInput(overrides));
  if (created.status !== 201) throw new Error(`enterprise: ${created.status} ${JSON.stringify(created.body)}`);
  const org = await admin.post('/organisations').send({ name: `${created.body.name}山西网点管理`, kind: 'courier', regionCode: '14', uscc: created.body.uscc });
  if (org.status !== 201) throw new Error(`organisation: ${org.status} ${JSON.stringify(org.body)}`);
  const courier = await userOf(platform, admin, { role: 'courier', orgId: org.body.id });
  return { enterprise: created.body, orgId: org.body.id, courier };
}

/** A staff member of the provincial administration scoped to `regionCode`. */
export async function staffIn(platform: TestPlatform, admin: Client, regionCode: string): Promise<Client> {
  const org = await admin.post('/organisations').send({ name: `邮政管理局${randomInt(1e6)}`, kind: 'postal_admin', regionCode: '14' });
  return userOf(platform, admin, { role: 'staff', orgId: org.body.id, regionCode });
}

/** An outlet filing body in Linyi county (临猗县, 140821) with overridable fields. */
export function outletInput(enterpriseId: string, overrides: Record<string, unknown> = {}) {
  const n = randomInt(1e6);
  return {
    kind: 'terminal_outlet',
    name: `临猗县猗氏镇快递服务站${n}`,
    enterpriseId,
    regionCode: '140821100',
    address: `临猗县猗氏镇解放路${n}号`,
    location: { lat: 35.14 + randomInt(1000) / 100_000, lng: 110.77 + randomInt(1000) / 100_000 },
    openingHours: '08:00-20:00',
    personInCharge: '张三',
    ...overrides,
  };
}

/** Rows of a query against the platform's database (for what the API does not show: outbox, audit). */
export async function sql<T>(platform: TestPlatform, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Retries an assertion until it holds (for what happens after the response: relay, consumers). */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
