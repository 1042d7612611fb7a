import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { inboxPrefix, localNatsConfig, loadPermissionTable, NatsCredentials, natsUsers, requestSubjects } from '../../scripts/nats-config.mjs';
import { ACCESS } from '@app/contracts';
import { ensureEventStream, nationalSources } from '@app/events';
import {
  AppHandle,
  apps,
  createDatabase,
  createServiceRoles,
  databaseUrl,
  dropDatabase,
  freePort,
  NatsServerHandle,
  startApp,
  schemaOf,
  serviceRole,
  startNatsServer,
} from '../../scripts/platform.mjs';
import { withDb } from './db.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = `test-${randomBytes(8).toString('hex')}`;

/** The PostgreSQL server the tests use; each platform gets its own throwaway database in it. */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Variables a platform may set that no migration reads: with no others, its database is a copy
 * of the run's template database (TEST_TEMPLATE_DATABASE, made and migrated once by `npm test`,
 * scripts/test.mjs). Any other variable (PROVINCE_CODE, SUPERVISION_SCOPE, MIGRATE_AT_START, …)
 * may change what a migration does, so such a platform's apps migrate a fresh database.
 */
const MIGRATION_NEUTRAL = new Set([
  'NATS_REQUEST_TIMEOUT_MS',
  'LOGIN_RATE_LIMIT',
  'RATE_LIMIT',
  'PUBLIC_WRITE_RATE_LIMIT',
  'OPS_PORT',
  'OUTBOX_PARK_AFTER',
  'OUTLETS_DUPLICATE_DISTANCE_M',
]);

export interface PlatformOptions {
  /** apps to start (default: every app of nest-cli.json) */
  apps?: string[];
  /** extra environment for every process */
  env?: Record<string, string>;
  /** extra environment per app */
  appEnv?: Record<string, Record<string, string>>;
  /** how long each app may take to answer after its start (default that of scripts/platform.mjs startApp, 60 s); all start at once */
  startWaitMs?: number;
  /**
   * the nats-server takes clients over TLS only with this certificate (PEM files), and every
   * app connects with NATS_TLS_CA_FILE = caFile, as in the Kubernetes cluster (deploy/k8s/nats.yaml)
   */
  natsTls?: { certFile: string; keyFile: string; caFile: string };
  /**
   * the nats-server's JetStream domain and extra config lines (a leaf-node listener or remote:
   * a province and the national view, connected as deploy/nats/national describes), and
   * variables those lines reference
   */
  nats?: { domain?: string; lines?: string[]; env?: Record<string, string> };
}

/**
 * A whole platform for one test file: its own nats-server (JetStream) on a free port with
 * the platform's NATS users and permissions (those of deploy/nats/auth.conf, generated from
 * the access table of this code, fresh passwords each time), its own database with one PostgreSQL role per app owning only its schema, and
 * every app as a separate process built from dist/ that connects as its own NATS user and
 * its own database role.
 */
export class TestPlatform {
  readonly running = new Map<string, AppHandle>();
  url = '';
  env: Record<string, string> = {};
  private nats?: NatsServerHandle;
  private dir = '';
  private database = '';
  private token?: string;
  private credentials: Record<string, NatsCredentials> = {};
  private appDatabaseUrls: Record<string, string> = {};

  constructor(private readonly options: PlatformOptions = {}) {}

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'platform-test-'));
    const storeDir = join(this.dir, 'jetstream');
    // the NATS users of the access table this code declares (deploy/nats/subjects.json may lag until regenerated)
    const nats = localNatsConfig(join(this.dir, 'nats'), storeDir, natsUsers(loadPermissionTable(), apps(), requestSubjects(ACCESS)), this.options.nats);
    const tls = this.options.natsTls;
    if (tls)
      appendFileSync(
        nats.configFile,
        `tls { cert_file: ${JSON.stringify(tls.certFile)}, key_file: ${JSON.stringify(tls.keyFile)}, ca_file: ${JSON.stringify(tls.caFile)}, timeout: 2 }\n`,
      );
    this.credentials = nats.credentials;
    this.nats = await startNatsServer({ port: await freePort(), storeDir, configFile: nats.configFile, env: { ...nats.serverEnv, ...this.options.nats?.env } });
    this.database = `test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const names = this.options.apps ?? apps();
    const template = this.templateDatabase();
    const copied =
      template !== undefined &&
      (await this.copyTemplate(template, names).then(
        () => true,
        // a server where the copy cannot be handed over (REASSIGN OWNED needs the rights of both roles): the apps migrate afresh
        () => dropDatabase(adminDatabaseUrl(), this.database, { roles: apps().map((app) => serviceRole(this.database, app)) }).then(() => false),
      ));
    if (!copied) {
      await createDatabase(adminDatabaseUrl(), this.database);
      this.appDatabaseUrls = await createServiceRoles(adminDatabaseUrl(), this.database, apps());
    }
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      NATS_URL: tls ? this.nats.url.replace(/^nats:/, 'tls:') : this.nats.url,
      ...(tls ? { NATS_TLS_CA_FILE: tls.caFile } : {}),
      DATABASE_URL: databaseUrl(adminDatabaseUrl(), this.database),
      DATABASE_POOL_SIZE: '4',
      PORT: String(port),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_USERNAME,
      ADMIN_PASSWORD,
      ADMIN_PASSWORD_FILE: join(this.dir, 'admin-password.txt'),
      LOG_LEVEL: 'warn',
      NATS_REQUEST_TIMEOUT_MS: '2000',
      ...this.options.env,
    };
    // the stream exists before any app starts, created as its manager does (supervision may be absent here)
    const manager = await this.natsConnection(loadPermissionTable().streamManager);
    await ensureEventStream(
      manager,
      1,
      nationalSources({ SUPERVISION_SCOPE: this.env.SUPERVISION_SCOPE ?? 'province', NATIONAL_SOURCES: this.env.NATIONAL_SOURCES }),
    );
    await manager.drain();
    // the gateway needs no service to start: every app starts at once
    await Promise.all(names.map((name) => this.startApp(name)));
    return this;
  }

  /** The run's migrated template database, when this platform's variables leave migrations as they were there. */
  private templateDatabase(): string | undefined {
    const template = process.env.TEST_TEMPLATE_DATABASE;
    const variables = [...Object.keys(this.options.env ?? {}), ...Object.values(this.options.appEnv ?? {}).flatMap((env) => Object.keys(env))];
    return template && variables.every((v) => MIGRATION_NEUTRAL.has(v)) ? template : undefined;
  }

  /**
   * This platform's database as a copy of the template: the schemas of the apps it starts as
   * their migrations left them, those of the others empty (as when only the started apps
   * migrate), everything handed from the template's roles to this database's own.
   */
  private async copyTemplate(template: string, names: string[]): Promise<void> {
    await withDb(adminDatabaseUrl(), (c) => c.query(`CREATE DATABASE "${this.database}" TEMPLATE "${template}"`));
    const unstarted = apps().filter((app) => !names.includes(app));
    await withDb(databaseUrl(adminDatabaseUrl(), this.database), async (c) => {
      for (const app of unstarted) await c.query(`DROP SCHEMA "${schemaOf(app)}" CASCADE`);
    });
    this.appDatabaseUrls = await createServiceRoles(adminDatabaseUrl(), this.database, apps());
    await withDb(databaseUrl(adminDatabaseUrl(), this.database), async (c) => {
      for (const app of apps()) {
        await c.query(`REASSIGN OWNED BY "${serviceRole(template, app)}" TO "${serviceRole(this.database, app)}"`);
        await c.query(`DROP OWNED BY "${serviceRole(template, app)}"`);
      }
    });
  }

  async startApp(name: string): Promise<AppHandle> {
    const handle = await startApp(
      name,
      { ...this.env, DATABASE_URL: this.appDatabaseUrl(name), ...this.natsCredentials(name), ...this.options.appEnv?.[name] },
      { waitMs: this.options.startWaitMs },
    );
    this.running.set(name, handle);
    return handle;
  }

  async stopApp(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.running.get(name)?.stop(signal);
    this.running.delete(name);
  }

  /** NATS_USER and NATS_PASSWORD of an app's NATS user on this platform's nats-server. */
  natsCredentials(user: string): NatsCredentials {
    const found = this.credentials[user];
    if (!found) throw new Error(`no NATS user ${user} (see deploy/nats/permissions.json)`);
    return found;
  }

  /** A NATS connection as an app's user, with exactly that app's permissions. */
  natsConnection(user: string): Promise<NatsConnection> {
    const { NATS_USER, NATS_PASSWORD } = this.natsCredentials(user);
    const tls = this.env.NATS_TLS_CA_FILE ? { tls: { caFile: this.env.NATS_TLS_CA_FILE } } : {};
    return connect({ servers: this.env.NATS_URL, user: NATS_USER, pass: NATS_PASSWORD, name: `test-as-${user}`, inboxPrefix: inboxPrefix(user), ...tls });
  }

  /** The database as its owner (to look behind the apps' backs). */
  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }

  /** The database as an app's own role, which owns only that app's schema. */
  appDatabaseUrl(app: string): string {
    const url = this.appDatabaseUrls[app];
    if (!url) throw new Error(`no database role for ${app}`);
    return url;
  }

  /** A bearer token of the first admin (cached). */
  async adminToken(): Promise<string> {
    this.token ??= await this.login(ADMIN_USERNAME, ADMIN_PASSWORD);
    return this.token;
  }

  async login(username: string, password: string): Promise<string> {
    const res = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stopApp(name)));
    await this.nats?.stop();
    if (this.database) await dropDatabase(adminDatabaseUrl(), this.database, { roles: apps().map((app) => serviceRole(this.database, app)) });
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
