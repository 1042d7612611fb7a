import { spawnSync } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { ROOT } from '../scripts/platform.mjs';
import { TestPlatform } from './support/platform.js';
import { api } from './support/http.js';
import { withDb } from './support/db.js';
import { eventually } from './support/events.js';

type Client = ReturnType<ReturnType<typeof api>['as']>;

/** Tokens follow the user: a disable, a role or password change is felt on the next request. */
describe('tokens follow the user; API keys expire and rotate; scrypt cost', () => {
  const platform = new TestPlatform({ apps: ['gateway'] });
  let admin: Client;
  let orgId: string;
  let n = 0;

  const newUser = async (role = 'staff') => {
    const username = `user${++n}.${randomBytes(3).toString('hex')}`;
    const password = `pw-${username}-long`;
    const res = await admin.post('/users').send({ username, password, role, orgId });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, password, client: api(platform).as({ token: await platform.login(username, password) }) };
  };

  beforeAll(async () => {
    await platform.start();
    admin = api(platform).as({ token: await platform.adminToken() });
    orgId = (await admin.post('/organisations').send({ name: '太原市邮政管理局', kind: 'postal_admin', regionCode: '1401' })).body.id;
  }, 120_000);

  afterAll(() => platform.stop());

  it('refuses a disabled user’s token on the next request (401), and the login', async () => {
    const u = await newUser();
    expect((await u.client.get(`/users/${u.id}`)).status).toBe(200);
    const disabled = await admin.patch(`/users/${u.id}`).send({ disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    const next = await u.client.get(`/users/${u.id}`);
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('TOKEN_REVOKED');
    await expect(platform.login(u.username, u.password)).rejects.toThrow(/401/);

    expect((await admin.patch(`/users/${u.id}`).send({ disabled: false })).body.disabledAt).toBeNull();
    expect((await u.client.get(`/users/${u.id}`)).status).toBe(401);
    const again = api(platform).as({ token: await platform.login(u.username, u.password) });
    expect((await again.get(`/users/${u.id}`)).status).toBe(200);
  });

  it('refuses the old token after a role or region change; the new token carries the new role and region', async () => {
    const u = await newUser();
    expect((await u.client.get('/organisations')).status).toBe(200);
    const changed = await admin.patch(`/users/${u.id}`).send({ role: 'auditor', regionCode: '140121' });
    expect(changed.body).toMatchObject({ role: 'auditor', regionCode: '140121' });
    expect((await u.client.get('/organisations')).status).toBe(401);
    const fresh = api(platform).as({ token: await platform.login(u.username, u.password) });
    expect((await fresh.get(`/users/${u.id}`)).body).toMatchObject({ role: 'auditor', regionCode: '140121' });

    expect((await admin.patch(`/users/${u.id}`).send({ regionCode: '1408' })).body.code).toBe('REGION_OUTSIDE_ORGANISATION');
    expect((await admin.patch(`/users/${u.id}`).send({ role: 'courier' })).body.code).toBe('ROLE_ORGANISATION_MISMATCH');
    expect((await fresh.get(`/users/${u.id}`)).status).toBe(200);
    expect((await fresh.patch(`/users/${u.id}`).send({ disabled: true })).status).toBe(403);
    const adminId = JSON.parse(Buffer.from((await platform.adminToken()).split('.')[1], 'base64url').toString()).sub;
    expect((await admin.patch(`/users/${adminId}`).send({ disabled: true })).body.code).toBe('OWN_ACCOUNT');
  });

  it('changes one’s own password: the other tokens stop, the returned one works', async () => {
    const u = await newUser();
    const second = api(platform).as({ token: await platform.login(u.username, u.password) });
    const wrong = await u.client.post('/auth/password').send({ currentPassword: 'not-my-password', newPassword: 'a-new-long-password' });
    expect(wrong.status).toBe(422);
    expect((await second.get(`/users/${u.id}`)).status).toBe(200);
    const changed = await u.client.post('/auth/password').send({ currentPassword: u.password, newPassword: 'a-new-long-password' });
    expect(changed.status).toBe(200);
    expect((await u.client.get(`/users/${u.id}`)).status).toBe(401);
    expect((await second.get(`/users/${u.id}`)).status).toBe(401);
    expect((await api(platform).as({ token: changed.body.accessToken }).get(`/users/${u.id}`)).status).toBe(200);
    await expect(platform.login(u.username, u.password)).rejects.toThrow(/401/);
    expect(await platform.login(u.username, 'a-new-long-password')).toEqual(expect.any(String));
  });

  it('hashes with scrypt N = 2^17 and upgrades an older hash at the next login', async () => {
    const u = await newUser();
    const hashOf = () =>
      withDb(
        platform.databaseUrl,
        async (c) => (await c.query(`SELECT password_hash FROM gateway.users WHERE id = $1`, [u.id])).rows[0].password_hash as string,
      );
    expect(await hashOf()).toMatch(/^scrypt\$131072\$8\$1\$/);
    const salt = randomBytes(16);
    const old = ['scrypt', 16384, 8, 1, salt.toString('base64url'), scryptSync(u.password, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')].join('$');
    await withDb(platform.databaseUrl, (c) => c.query(`UPDATE gateway.users SET password_hash = $2 WHERE id = $1`, [u.id, old]));
    await platform.login(u.username, u.password);
    const upgraded = await hashOf();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(upgraded).not.toBe(old);
    await platform.login(u.username, u.password);
  });

  it('gives API keys an optional expiry and rotates them with a grace period', async () => {
    expect((await admin.post('/api-keys').send({ orgId, role: 'staff', name: 'past', expiresAt: '2020-01-01T00:00:00Z' })).status).toBe(422);
    const key = await admin.post('/api-keys').send({ orgId, role: 'staff', name: 'city system', expiresAt: '2099-01-01T00:00:00Z' });
    expect(key.status).toBe(201);
    const machine = api(platform).as({ apiKey: key.body.key });
    expect((await machine.get('/organisations')).status).toBe(200);
    // an expiry changed in the database directly (not through this gateway) holds within the
    // key cache's 2 s, as a change made through another replica would
    await withDb(platform.databaseUrl, (c) => c.query(`UPDATE gateway.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.body.id]));
    await eventually(
      () => machine.get('/organisations'),
      (r) => r.status === 401,
      5_000,
    );

    const live = await admin.post('/api-keys').send({ orgId, role: 'staff', name: 'rotated system' });
    const graceful = await admin.post(`/api-keys/${live.body.id}/rotation`).send({ graceSeconds: 3600 });
    expect(graceful.status).toBe(201);
    expect(graceful.body.key).not.toBe(live.body.key);
    expect((await api(platform).as({ apiKey: live.body.key }).get('/organisations')).status).toBe(200);
    expect((await api(platform).as({ apiKey: graceful.body.key }).get('/organisations')).status).toBe(200);
    const listed = (await admin.get(`/api-keys?orgId=${orgId}`)).body.items as Array<{ id: string; name: string; expiresAt: string | null }>;
    expect(listed.find((k) => k.id === live.body.id)?.expiresAt).not.toBeNull();
    expect(listed.find((k) => k.id === graceful.body.id)).toMatchObject({ name: 'rotated system', expiresAt: null });

    const atOnce = await admin.post(`/api-keys/${graceful.body.id}/rotation`).send({});
    expect((await api(platform).as({ apiKey: graceful.body.key }).get('/organisations')).status).toBe(401);
    expect((await api(platform).as({ apiKey: atOnce.body.key }).get('/organisations')).status).toBe(200);
    expect((await admin.post(`/api-keys/${graceful.body.id}/rotation`).send({})).status).toBe(409);
  });

  it('stops the gateway at start (exit 78, naming the variable) on a placeholder or low-entropy secret', () => {
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, [`${ROOT}/dist/apps/gateway/src/main.js`], {
        env: { ...process.env, ...platform.env, ...env },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const placeholder = start({ JWT_SECRET: 'REPLACE_ME_with_at_least_32_random_characters' });
    expect(placeholder.status).toBe(78);
    expect(placeholder.stderr).toMatch(/JWT_SECRET: JWT_SECRET is a placeholder/);
    const weak = start({ JWT_SECRET: 'ab'.repeat(20) });
    expect(weak.status).toBe(78);
    expect(weak.stderr).toMatch(/JWT_SECRET: JWT_SECRET has too little entropy/);
    const admin = start({ ADMIN_PASSWORD: 'REPLACE_ME_admin' });
    expect(admin.status).toBe(78);
    expect(admin.stderr).toMatch(/ADMIN_PASSWORD: ADMIN_PASSWORD is a placeholder/);
  });
});
