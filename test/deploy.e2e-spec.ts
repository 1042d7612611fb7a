import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parseAllDocuments } from 'yaml';
import { connect, NatsConnection, PermissionViolationError, RequestError } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { apps, freePort, NatsServerHandle, ROOT, startNatsServer, waitFor } from '../scripts/platform.mjs';
import { generatedFiles, inboxPrefix, localNatsConfig, natsUsers, passwordVariable } from '../scripts/nats-config.mjs';

/**
 * deploy/: the container image, compose file and Kubernetes manifests, checked against the
 * code they deploy: the apps of nest-cli.json, their config classes and the NATS permission
 * table. The k8s NATS config is also run here as a real three-node cluster.
 */

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name: string; namespace?: string } };
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Probe = { exec?: { command: string[] }; httpGet?: { path: string; port: string | number } };
type Container = {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
};

const DEPLOY = join(ROOT, 'deploy');
const K8S = join(DEPLOY, 'k8s');
const APPS = apps();

function yamlDocs(file: string, merge = false): Obj[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge }).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Obj;
  });
}

const k8sFiles = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
const k8s = k8sFiles.flatMap((f) => yamlDocs(join(K8S, f)).map((o) => ({ ...o, file: f })));
function find<T = Obj>(kind: string, name: string): T | undefined {
  return k8s.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;
}
function configMapData(name: string): Record<string, string> {
  const found = find<{ data: Record<string, string> }>('ConfigMap', name);
  if (!found) throw new Error(`no ConfigMap ${name} in deploy/k8s`);
  return found.data;
}
const compose = yamlDocs(join(DEPLOY, 'compose.yaml'), true)[0] as { services: Record<string, Record<string, unknown>> };

/**
 * What each app's config class says about the environment, read from the class itself:
 * every variable it knows, and those a cluster must set: the required ones (no default, not
 * optional), those whose default points at this machine, and the NATS credentials.
 */
async function configOf(app: string): Promise<{ known: Set<string>; needed: string[] }> {
  const mod = (await import(join(ROOT, 'apps', app, 'src', `${app}.definition.ts`))) as Record<string, unknown>;
  const def = Object.values(mod).find(
    (v): v is { name: string; config: new () => object } => typeof v === 'object' && v !== null && (v as { name?: string }).name === app,
  );
  if (!def) throw new Error(`apps/${app}/src/${app}.definition.ts exports no ServiceDefinition named ${app}`);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(def.config, '', true, false);
  const known = new Set(metadata.map((m) => m.propertyName));
  const optional = new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName));
  const defaults = new def.config() as Record<string, unknown>;
  const needed = [...known].filter(
    (p) =>
      (defaults[p] === undefined && !optional.has(p)) ||
      /127\.0\.0\.1|localhost/.test(String(defaults[p] ?? '')) ||
      p === 'NATS_USER' ||
      p === 'NATS_PASSWORD',
  );
  return { known, needed };
}

function dataKeys(kind: 'ConfigMap' | 'Secret', name: string): string[] {
  const o = find<{ data?: object; stringData?: object }>(kind, name);
  if (!o) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return Object.keys({ ...o.data, ...o.stringData });
}

function deploymentContainer(app: string): Container {
  const d = find<{ spec: { template: { spec: { containers: Container[] } } } }>('Deployment', app);
  if (!d) throw new Error(`no Deployment ${app} in deploy/k8s`);
  return d.spec.template.spec.containers[0];
}

describe('deploy/: manifests against the apps, their config classes and the NATS permissions', () => {
  it('knows the six apps of nest-cli.json', () => {
    expect([...APPS].sort()).toEqual(['cold-chain', 'gateway', 'green', 'outlets', 'subsidies', 'supervision']);
  });

  it('gives every app a compose service from the one image, with the environment its config class needs', async () => {
    for (const app of APPS) {
      const service = compose.services[app] as { image: string; command: string[]; environment: Record<string, string>; healthcheck: { test: string[] } };
      expect(service).toBeDefined();
      expect(service.image).toBe(compose.services.gateway.image);
      expect(service.command).toEqual([app]);
      const { known, needed } = await configOf(app);
      const env = Object.keys(service.environment);
      expect({ app, missing: needed.filter((v) => !env.includes(v)) }).toEqual({ app, missing: [] });
      expect({ app, unknown: env.filter((v) => !known.has(v)) }).toEqual({ app, unknown: [] });
      expect(service.environment.NATS_USER).toBe(app);
      expect(service.environment.NATS_PASSWORD).toContain(`\${${passwordVariable(app)}:?`);
      expect(service.environment.NATS_URL).toBe('nats://nats:4222');
      const probe = app === 'gateway' ? ['CMD', 'node', '-e'] : ['CMD', 'node', 'scripts/nats-health.mjs', app];
      expect(service.healthcheck.test.slice(0, probe.length)).toEqual(probe);
    }
    expect(Object.keys(compose.services).sort()).toEqual([...APPS, 'nats', 'postgres'].sort());
  });

  it('gives every app a Deployment with readiness and liveness probes on its health endpoint and the environment its config class needs', async () => {
    for (const app of APPS) {
      const c = deploymentContainer(app);
      expect(c.image).toBe('express-platform:0.1.0');
      expect(c.args).toEqual([app]);
      const fromMaps = (c.envFrom ?? []).flatMap((f) =>
        f.configMapRef ? dataKeys('ConfigMap', f.configMapRef.name) : f.secretRef ? dataKeys('Secret', f.secretRef.name) : [],
      );
      for (const v of c.env ?? []) {
        const ref = v.valueFrom?.secretKeyRef;
        if (ref) expect(dataKeys('Secret', ref.name)).toContain(ref.key);
      }
      const env = [...fromMaps, ...(c.env ?? []).map((v) => v.name)];
      const { known, needed } = await configOf(app);
      expect({ app, missing: needed.filter((v) => !env.includes(v)) }).toEqual({ app, missing: [] });
      expect({ app, unknown: env.filter((v) => !known.has(v)) }).toEqual({ app, unknown: [] });
      const byName = Object.fromEntries((c.env ?? []).map((v) => [v.name, v]));
      expect(byName.NATS_USER.value).toBe(app);
      expect(byName.NATS_PASSWORD.valueFrom?.secretKeyRef).toEqual({ name: 'nats-users', key: passwordVariable(app) });

      if (app === 'gateway') {
        expect(c.ports).toContainEqual({ name: 'http', containerPort: 3000 });
        expect(configMapData('gateway-config').PORT).toBe('3000');
        expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
        expect(find('Service', 'gateway')).toBeDefined();
      } else {
        const probe = ['node', 'scripts/nats-health.mjs', app];
        expect(c.readinessProbe?.exec?.command).toEqual(probe);
        expect(c.livenessProbe?.exec?.command).toEqual(probe);
      }
      expect(find('PodDisruptionBudget', app)).toBeDefined();
    }
    expect(k8s.filter((o) => o.kind === 'Deployment').map((o) => o.metadata?.name).sort()).toEqual([...APPS].sort());
    expect(find('HorizontalPodAutoscaler', 'gateway')).toBeDefined();
  });

  it('keeps every object in the namespace and applies every manifest but the secrets example', () => {
    for (const o of k8s.filter((x) => x.kind !== 'Namespace' && x.kind !== 'Kustomization')) {
      expect({ file: o.file, kind: o.kind, namespace: o.metadata?.namespace }).toEqual({ file: o.file, kind: o.kind, namespace: 'express-platform' });
    }
    const kustomization = k8s.find((o) => o.kind === 'Kustomization') as unknown as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(k8sFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'secrets.example.yaml').sort());
  });

  it('runs NATS as a three-node JetStream cluster with a route to every node', () => {
    const sts = find<{
      spec: { replicas: number; serviceName: string; template: { spec: { containers: Container[]; volumes: Array<{ projected?: { sources: Array<{ configMap: { name: string } }> } }> } } };
    }>('StatefulSet', 'nats');
    if (!sts) throw new Error('no StatefulSet nats');
    expect(sts.spec.replicas).toBe(3);
    const conf = configMapData('nats-config')['nats.conf'];
    expect(conf).toMatch(/jetstream\s*\{[^}]*store_dir: \/data\/jetstream/);
    for (let i = 0; i < 3; i++) expect(conf).toContain(`nats://nats-${i}.${sts.spec.serviceName}.express-platform.svc.cluster.local:6222`);
    expect(conf).toMatch(/^include auth\.conf$/m);
    const sources = sts.spec.template.spec.volumes.flatMap((v) => v.projected?.sources ?? []).map((s) => s.configMap.name);
    expect(sources).toEqual(['nats-config', 'nats-auth']);
    const container = sts.spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ secretRef: { name: 'nats-users' } }]);
    expect(find('PodDisruptionBudget', 'nats')).toMatchObject({ spec: { maxUnavailable: 1 } });
  });

  it('carries the users and permissions generated from deploy/nats/permissions.json to compose, Kubernetes and npm start', () => {
    for (const [file, content] of Object.entries(generatedFiles())) {
      expect({ file, fresh: readFileSync(file, 'utf8') === content }).toEqual({ file, fresh: true });
    }
    const authConf = readFileSync(join(DEPLOY, 'nats', 'auth.conf'), 'utf8');
    expect(configMapData('nats-auth')['auth.conf']).toBe(authConf);
    const users = natsUsers();
    expect(users.map((u) => u.user).sort()).toEqual([...APPS].sort());
    for (const u of users) expect(authConf).toContain(`user: "${u.user}"\n      password: $${u.passwordVariable}\n`);
    expect(dataKeys('Secret', 'nats-users').sort()).toEqual(users.map((u) => u.passwordVariable).sort());

    const nats = compose.services.nats as { volumes: string[]; environment: Record<string, string> };
    expect(nats.volumes).toContain('./nats/auth.conf:/etc/nats/auth.conf:ro');
    expect(readFileSync(join(DEPLOY, 'nats', 'nats.conf'), 'utf8')).toMatch(/^include auth\.conf$/m);
    expect(Object.keys(nats.environment).sort()).toEqual(users.map((u) => u.passwordVariable).sort());
    // npm start and the tests write a config that includes this very file
    const dir = mkdtempSync(join(tmpdir(), 'nats-local-'));
    try {
      const local = localNatsConfig(join(dir, 'nats'), join(dir, 'jetstream'));
      const include = readFileSync(local.configFile, 'utf8').match(/^include "(.+)"$/m)?.[1];
      expect(resolve(dirname(local.configFile), include ?? '')).toBe(join(DEPLOY, 'nats', 'auth.conf'));
      expect(Object.keys(local.serverEnv).sort()).toEqual(users.map((u) => u.passwordVariable).sort());
      expect(new Set(Object.values(local.serverEnv)).size).toBe(users.length);
      expect(local.credentials.outlets).toEqual({ NATS_USER: 'outlets', NATS_PASSWORD: local.serverEnv.NATS_PASSWORD_OUTLETS });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds one image whose entry runs the app named by its argument', () => {
    const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build && npm prune --omit=dev/m);
    const user = dockerfile.match(/^USER (\d+):(\d+)$/m);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(dockerfile).toMatch(/^COPY deploy\/entrypoint\.sh \/usr\/local\/bin\/platform-app$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/platform-app"\]$/m);
    // what the service probes run is in the image
    expect(dockerfile).toMatch(/^COPY scripts\/platform\.mjs scripts\/nats-health\.mjs scripts\/$/m);
    // the outlets service's receipt font is in the image
    expect(dockerfile).toMatch(/^RUN apt-get update && apt-get install -y --no-install-recommends fonts-droid-fallback\b/m);

    // The entry runs the named app's compiled main: with a bad LOG_LEVEL each app stops at
    // its own config check (exit 78), naming the variable.
    for (const app of APPS) {
      const run = spawnSync('sh', [join(DEPLOY, 'entrypoint.sh'), app], {
        env: { ...process.env, APP_ROOT: ROOT, LOG_LEVEL: 'bogus', JWT_SECRET: randomBytes(32).toString('hex') },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect({ app, status: run.status, stderr: run.stderr.split('\n')[1] }).toEqual({
        app,
        status: 78,
        stderr: expect.stringContaining('LOG_LEVEL: LOG_LEVEL must be one of'),
      });
    }
    for (const bad of ['', 'nope', '../gateway']) {
      const run = spawnSync('sh', [join(DEPLOY, 'entrypoint.sh'), bad], { env: { ...process.env, APP_ROOT: ROOT, APP: '' }, encoding: 'utf8' });
      expect(run.status).toBe(64);
      expect(run.stderr).toContain('gateway');
    }
  });
});

describe('the Kubernetes NATS config, run here as a three-node JetStream cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-cluster-'));
  const servers: NatsServerHandle[] = [];
  const passwords = Object.fromEntries(natsUsers().map((u) => [u.passwordVariable, `p${u.user.replace(/-/g, '')}${Date.now()}`]));
  const as = (user: string, port: number): Promise<NatsConnection> =>
    connect({ servers: `nats://127.0.0.1:${port}`, user, pass: passwords[passwordVariable(user)], inboxPrefix: inboxPrefix(user) });
  let clientPorts: number[] = [];
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    const conf = configMapData('nats-config')['nats.conf'];
    const auth = configMapData('nats-auth')['auth.conf'];
    clientPorts = await Promise.all([0, 1, 2].map(() => freePort()));
    const routePorts = await Promise.all([0, 1, 2].map(() => freePort()));
    const monitorPorts = await Promise.all([0, 1, 2].map(() => freePort()));
    const started = [0, 1, 2].map(async (i) => {
      const node = join(dir, `nats-${i}`);
      mkdirSync(node, { recursive: true });
      // the manifest's text, with this machine's addresses in place of the pods'
      let text = conf
        .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${clientPorts[i]}`)
        .replace('http: 0.0.0.0:8222', `http: 127.0.0.1:${monitorPorts[i]}`)
        .replace('listen: 0.0.0.0:6222', `listen: 127.0.0.1:${routePorts[i]}`)
        .replace('store_dir: /data/jetstream', `store_dir: ${JSON.stringify(join(node, 'jetstream'))}`);
      for (let r = 0; r < 3; r++) {
        text = text.replace(`nats://nats-${r}.nats-headless.express-platform.svc.cluster.local:6222`, `nats://127.0.0.1:${routePorts[r]}`);
      }
      expect(text).not.toMatch(/0\.0\.0\.0|svc\.cluster\.local|\/data\//);
      writeFileSync(join(node, 'nats.conf'), text);
      writeFileSync(join(node, 'auth.conf'), auth);
      return startNatsServer({
        port: clientPorts[i],
        storeDir: join(node, 'jetstream'),
        configFile: join(node, 'nats.conf'),
        env: { ...passwords, POD_NAME: `nats-${i}` },
      });
    });
    servers.push(...(await Promise.all(started)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('forms the cluster, keeps an R3 event stream, and lets services publish and consume only as permitted', async () => {
    const outlets = await as('outlets', clientPorts[0]);
    const supervision = await as('supervision', clientPorts[2]);
    const green = await as('green', clientPorts[1]);
    open.push(outlets, supervision, green);

    // the meta group elects a leader once the routes are up
    const jsm = await jetstreamManager(supervision, { checkAPI: false }); // only the stream manager creates it
    let stream: Awaited<ReturnType<typeof jsm.streams.add>> | undefined;
    await waitFor(
      'an R3 stream on the cluster',
      async () => {
        stream = await jsm.streams.add({ name: 'EVENTS', subjects: ['events.>'], num_replicas: 3, duplicate_window: 120e9 }).catch(() => undefined);
        return stream !== undefined;
      },
      30_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${servers.map((s) => s.output().slice(-3000)).join('\n---\n')}`);
    });
    expect(stream?.config.num_replicas).toBe(3);
    expect(stream?.cluster?.replicas).toHaveLength(2);
    expect(stream?.cluster?.name).toBe('express-platform');

    const js = jetstream(outlets);
    const ack = await js.publish('events.outlets.outlet.filed', JSON.stringify({ outletId: 'o-1' }), { msgID: 'e-1' });
    const again = await js.publish('events.outlets.outlet.filed', JSON.stringify({ outletId: 'o-1' }), { msgID: 'e-1' });
    expect(ack.seq).toBe(1);
    expect(again.duplicate).toBe(true);

    const supervisionJsm = await jetstreamManager(supervision);
    await supervisionJsm.consumers.add('EVENTS', { durable_name: 'supervision-read-models', ack_policy: AckPolicy.Explicit, filter_subject: 'events.outlets.>' });
    const consumer = await jetstream(supervision).consumers.get('EVENTS', 'supervision-read-models');
    const got: string[] = [];
    for await (const m of await consumer.fetch({ max_messages: 5, expires: 2000 })) {
      got.push(m.subject);
      expect(await m.ackAck()).toBe(true);
    }
    expect(got).toEqual(['events.outlets.outlet.filed']);
    expect((await consumer.info()).ack_floor.stream_seq).toBe(1);

    const refused = await jetstream(green)
      .publish('events.outlets.outlet.filed', '{}', { timeout: 2000 })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RequestError);
    expect((refused as RequestError).cause).toBeInstanceOf(PermissionViolationError);
    expect((await supervisionJsm.streams.info('EVENTS')).state.messages).toBe(1);
  }, 60_000);
});
