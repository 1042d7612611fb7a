import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { connect, NatsConnection, PermissionViolationError, RequestError } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ACCESS, EVENT_STREAM_MANAGER, Scope, Subjects } from '@app/contracts';
import { ROOT } from '../scripts/platform.mjs';
import { loadPermissionTable } from '../scripts/nats-config.mjs';
import { TestPlatform } from './support/platform.js';

/**
 * Each app connects to NATS as its own user with the permissions of deploy/nats/auth.conf
 * (generated from deploy/nats/permissions.json), the same file npm start, compose and the
 * Kubernetes NATS cluster use. Here a test platform's nats-server refuses what the table
 * does not allow.
 */
describe('NATS users and subject permissions (deploy/nats/permissions.json) on a running platform', () => {
  const platform = new TestPlatform({ apps: ['supervision', 'green'] });
  const open: NatsConnection[] = [];

  /** A connection as an app's user, and the permission violations the server reports on it. */
  async function as(user: string): Promise<{ nc: NatsConnection; violations: PermissionViolationError[]; next(): Promise<PermissionViolationError> }> {
    const nc = await platform.natsConnection(user);
    open.push(nc);
    const violations: PermissionViolationError[] = [];
    const waiting: Array<(e: PermissionViolationError) => void> = [];
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'error' && s.error instanceof PermissionViolationError) {
          violations.push(s.error);
          waiting.shift()?.(s.error);
        }
      }
    })();
    return {
      nc,
      violations,
      next: () =>
        new Promise<PermissionViolationError>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no permission violation reported to ${user}`)), 3000);
          waiting.push((e) => {
            clearTimeout(timer);
            resolve(e);
          });
        }),
    };
  }

  const packet = (subject: string, data: unknown = {}) =>
    JSON.stringify({ pattern: subject, data: { principal: null, correlationId: 'permissions-test', data }, id: 'p-1' });

  beforeAll(() => platform.start(), 120_000);
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await platform.stop();
  });

  it("refuses a service that publishes another service's event, and stores its own", async () => {
    const green = await as('green');
    const jsm = await jetstreamManager(green.nc);

    const violation = green.next();
    green.nc.publish('events.outlets.outlet.filed', JSON.stringify({ outletId: 'forged' }));
    expect(await violation).toMatchObject({ operation: 'publish', subject: 'events.outlets.outlet.filed' });

    const js = jetstream(green.nc);
    const forged = await js.publish('events.outlets.outlet.filed', '{}', { msgID: 'forged-1', timeout: 2000 }).catch((err: unknown) => err);
    expect(forged).toBeInstanceOf(RequestError);
    expect((forged as RequestError).cause).toBeInstanceOf(PermissionViolationError);

    const before = (await jsm.streams.info('EVENTS')).state.messages;
    const ack = await js.publish('events.green.report.submitted', JSON.stringify({ reportId: 'r-1' }), { msgID: 'r-1' });
    expect(ack).toMatchObject({ stream: 'EVENTS', duplicate: false });
    expect((await jsm.streams.info('EVENTS')).state.messages).toBe(before + 1);
  });

  it('lets only the stream manager change the EVENTS stream, and each service create and read only its own consumers', async () => {
    expect(loadPermissionTable().streamManager).toBe(EVENT_STREAM_MANAGER);
    const green = await as('green');
    const jsm = await jetstreamManager(green.nc);
    const config = (await jsm.streams.info('EVENTS')).config;
    await expect(jsm.streams.update('EVENTS', { ...config, max_age: 1e9 })).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.streams.add({ name: 'EVENTS2', subjects: ['green.copy.>'] })).rejects.toThrow(/Permissions Violation/);
    // another service's durable: neither created, nor read, nor fetched from
    await expect(jsm.consumers.add('EVENTS', { durable_name: 'outlets-licence-revoked', ack_policy: AckPolicy.Explicit })).rejects.toThrow(
      /Permissions Violation/,
    );
    await expect(jsm.consumers.add('EVENTS', { durable_name: 'green-anything', ack_policy: AckPolicy.Explicit })).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.consumers.info('EVENTS', 'supervision-read-models')).rejects.toThrow(/Permissions Violation/);
    await expect(jsm.consumers.delete('EVENTS', 'supervision-read-models')).rejects.toThrow(/Permissions Violation/);

    // the stream manager may bring the stream up to date, and reads through its own durable
    const supervision = await as('supervision');
    const manager = await jetstreamManager(supervision.nc);
    await expect(manager.streams.update('EVENTS', config)).resolves.toMatchObject({ config: { name: 'EVENTS' } });
    await manager.consumers.add('EVENTS', { durable_name: 'supervision-rebuild', ack_policy: AckPolicy.Explicit, filter_subject: 'events.green.>' });
    const consumer = await jetstream(supervision.nc).consumers.get('EVENTS', 'supervision-rebuild');
    const seen: string[] = [];
    for await (const m of await consumer.fetch({ max_messages: 10, expires: 1500 })) {
      seen.push(m.subject);
      expect(await m.ackAck()).toBe(true);
    }
    expect(seen).toContain('events.green.report.submitted');
    expect((await consumer.info()).num_ack_pending).toBe(0);
    await manager.consumers.delete('EVENTS', 'supervision-rebuild');
    expect(supervision.violations).toEqual([]);
    await expect(manager.consumers.add('EVENTS', { durable_name: 'outlets-licence-revoked', ack_policy: AckPolicy.Explicit })).rejects.toThrow(
      /Permissions Violation/,
    );
  });

  it("refuses a subscription to another user's inbox: each user has its own prefix", async () => {
    const green = await as('green');
    let violation = green.next();
    green.nc.subscribe('_INBOX.gateway.>');
    expect(await violation).toMatchObject({ operation: 'subscription', subject: '_INBOX.gateway.>' });
    violation = green.next();
    green.nc.subscribe('_INBOX.>');
    expect(await violation).toMatchObject({ operation: 'subscription', subject: '_INBOX.>' });
    const gateway = await as('gateway');
    violation = gateway.next();
    gateway.nc.subscribe('_INBOX.supervision.>');
    expect(await violation).toMatchObject({ operation: 'subscription', subject: '_INBOX.supervision.>' });
    // a connection without its own prefix gets no replies at all
    const bare = await connect({ servers: platform.env.NATS_URL, ...{ user: 'green', pass: platform.natsCredentials('green').NATS_PASSWORD } });
    open.push(bare);
    await expect(bare.request('supervision.brands.list', packet('supervision.brands.list'), { timeout: 1500 })).rejects.toThrow();
    // and its own prefix works
    const reply = await green.nc.request('supervision.enterprises.list', packet('supervision.enterprises.list'), { timeout: 3000 });
    expect(reply.json<{ response: { items: unknown[] } }>().response.items).toEqual([]);
  });

  it('refuses at once a request to a subject the service does not call, and lets through the ones it does', async () => {
    const green = await as('green');
    const started = Date.now();
    const refused = await green.nc.request('outlets.outlets.list', packet('outlets.outlets.list'), { timeout: 3000 }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).cause).toMatchObject({ operation: 'publish', subject: 'outlets.outlets.list' });
    expect(Date.now() - started).toBeLessThan(1000);
    const write = await green.nc.request('supervision.brands.create', packet('supervision.brands.create'), { timeout: 3000 }).catch((err: unknown) => err);
    expect((write as RequestError).cause).toBeInstanceOf(PermissionViolationError);

    // outlets may read the brand table of supervision
    const outlets = await as('outlets');
    const reply = (await outlets.nc.request('supervision.brands.list', packet('supervision.brands.list'), { timeout: 3000 })).json<{
      response: { items: Array<{ code: string }> };
    }>();
    expect(reply.response.items.map((b) => b.code)).toContain('SF');
    expect(outlets.violations).toEqual([]);
  });

  it('lets the gateway request only the subjects of the access table a route may call', async () => {
    const gateway = await as('gateway');
    // a subject the table does not declare, and a System one (service-to-service only)
    for (const subject of ['green.reports.purge', Subjects.supervision.licencesCheck, 'supervision.health.ping.other-instance']) {
      expect(Object.hasOwn(ACCESS, subject) && ACCESS[subject as keyof typeof ACCESS].scope !== Scope.System).toBe(false);
      const refused = await gateway.nc.request(subject, packet(subject), { timeout: 3000 }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(RequestError);
      expect((refused as RequestError).cause).toMatchObject({ operation: 'publish', subject });
    }
    // a route's subject and a service's readiness ping go through
    const brands = (await gateway.nc.request(Subjects.supervision.brandsList, packet(Subjects.supervision.brandsList), { timeout: 3000 })).json<{
      response: { items: Array<{ code: string }> };
    }>();
    expect(brands.response.items.map((b) => b.code)).toContain('SF');
    const ping = (await gateway.nc.request(Subjects.green.health, packet(Subjects.green.health), { timeout: 3000 })).json<{ response: { service: string } }>();
    expect(ping.response.service).toBe('green');
  });

  it("keeps each service's subjects to its own queue group, and replies to requests it received only", async () => {
    const green = await as('green');
    let violation = green.next();
    green.nc.subscribe('supervision.enterprises.create', { queue: 'supervision' });
    expect(await violation).toMatchObject({ operation: 'subscription', subject: 'supervision.enterprises.create' });

    violation = green.next();
    green.nc.subscribe('green.reports.create', { queue: 'intruders' });
    expect(await violation).toMatchObject({ operation: 'subscription', subject: 'green.reports.create', queue: 'intruders' });

    violation = green.next();
    green.nc.publish('_INBOX.not-a-reply', '{}');
    expect(await violation).toMatchObject({ operation: 'publish', subject: '_INBOX.not-a-reply' });

    const gateway = await as('gateway');
    violation = gateway.next();
    gateway.nc.subscribe('supervision.enterprises.create', { queue: 'supervision' });
    expect(await violation).toMatchObject({ operation: 'subscription', subject: 'supervision.enterprises.create' });
    violation = gateway.next();
    gateway.nc.publish('events.supervision.enterprise.registered', '{}');
    expect(await violation).toMatchObject({ operation: 'publish', subject: 'events.supervision.enterprise.registered' });
  });

  it("answers a service's container probe (scripts/nats-health.mjs) as that service, from that process", () => {
    const probe = (service: string, user: string, ...flags: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'nats-health.mjs'), service, ...flags], {
        env: { ...process.env, NATS_URL: platform.env.NATS_URL, ...platform.natsCredentials(user) },
        encoding: 'utf8',
        timeout: 15_000,
      });
    const own = probe('supervision', 'supervision');
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/^supervision\.health\.ping\.[A-Za-z0-9_-]+: \{"service":"supervision","instance":"[A-Za-z0-9_-]+","database":"up"\}/);
    expect(probe('green', 'green', '--any').status).toBe(0);

    const foreign = probe('supervision', 'green', '--any');
    expect(foreign.status).toBe(1);
    expect(foreign.stderr).toContain('Permissions Violation for Publish to "supervision.health.ping"');
    const down = probe('outlets', 'outlets');
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/^outlets\.health\.ping\.\S+: /);
  });

  it('refuses a wrong password', async () => {
    open.push(await platform.natsConnection('green'));
    await expect(connect({ servers: platform.env.NATS_URL, user: 'green', pass: 'p-wrong' })).rejects.toThrow(/Authorization Violation/);
    await expect(connect({ servers: platform.env.NATS_URL })).rejects.toThrow(/Authorization Violation/);
  });
});
