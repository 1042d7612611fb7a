import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parseAllDocuments } from 'yaml';
import { connect, NatsConnection, PermissionViolationError, RequestError } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  apps,
  databaseUrlVariable,
  ensureDebianPackage,
  freePort,
  NatsServerHandle,
  ROOT,
  serviceRole,
  startNatsServer,
  waitFor,
  which,
} from '../scripts/platform.mjs';
import { generatedFiles, inboxPrefix, loadPermissionTable, localNatsConfig, natsUsers, passwordVariable, requestSubjects } from '../scripts/nats-config.mjs';
import { ACCESS, Scope, Subjects } from '@app/contracts';
import { TestPlatform } from './support/platform.js';

/**
 * deploy/: the container image, compose file and Kubernetes manifests, checked against the
 * code they deploy: the apps of nest-cli.json, their config classes and the NATS permission
 * table. The k8s NATS config is also run here as a real three-node cluster.
 */

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name: string; namespace?: string } };
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Probe = { exec?: { command: string[] }; httpGet?: { path: string; port: string | number }; tcpSocket?: { port: string | number } };
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

/**
 * YAML the way Kubernetes reads it: through kubectl's own kustomize (Go's YAML parser, which
 * is stricter than the JS one: `{ path: /healthz?x=y }` ends a plain scalar at `?`). kubectl
 * is on the development image; where it is missing, Debian's kubernetes-client is installed.
 */
function kubectlKustomize(dir: string): Obj[] {
  const kubectl = which('kubectl') ?? (ensureDebianPackage('kubernetes-client', '/usr/bin/kubectl') ? '/usr/bin/kubectl' : null);
  if (!kubectl) throw new Error('kubectl is missing and Debian package kubernetes-client could not be installed (run as root)');
  const run = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed (${run.status}): ${run.stderr}`);
  return parseAllDocuments(run.stdout).map((d) => d.toJS() as Obj);
}

/** Files outside kustomization.yaml (the secrets example), rendered by kubectl the same way. */
function kubectlRender(files: string[]): Obj[] {
  const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
  try {
    for (const f of files) writeFileSync(join(dir, basename(f)), readFileSync(f));
    writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n${files.map((f) => `  - ${basename(f)}\n`).join('')}`);
    return kubectlKustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const k8sFiles = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
/** what `kubectl apply -k deploy/k8s` applies */
const applied = kubectlKustomize(K8S);
const k8s = [...applied, ...kubectlRender([join(K8S, 'secrets.example.yaml')])];
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
      (defaults[p] === undefined && !optional.has(p)) || /127\.0\.0\.1|localhost/.test(String(defaults[p] ?? '')) || p === 'NATS_USER' || p === 'NATS_PASSWORD',
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
        // readiness: NATS and the database, through this pod's own health subject
        expect(c.readinessProbe?.exec?.command).toEqual(['node', 'scripts/nats-health.mjs', app]);
        // liveness: the process answers on its operations port
        expect(byName.OPS_PORT.value).toBe('9464');
        expect(c.ports).toContainEqual({ name: 'ops', containerPort: 9464 });
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'ops' });
        expect(c.startupProbe?.httpGet).toEqual({ path: '/livez', port: 'ops' });
      }
      expect(find('PodDisruptionBudget', app)).toBeDefined();
    }
    expect(
      k8s
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual([...APPS].sort());
    expect(find('HorizontalPodAutoscaler', 'gateway')).toBeDefined();
  });

  it('keeps every object in the namespace, in every file too, and applies every manifest but the secrets example', () => {
    const files = k8sFiles.flatMap((f) => yamlDocs(join(K8S, f)).map((o) => ({ ...o, file: f })));
    for (const o of files.filter((x) => x.kind !== 'Namespace' && x.kind !== 'Kustomization')) {
      expect({ file: o.file, kind: o.kind, namespace: o.metadata?.namespace }).toEqual({ file: o.file, kind: o.kind, namespace: 'express-platform' });
    }
    const kustomization = files.find((o) => o.kind === 'Kustomization') as unknown as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(k8sFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'secrets.example.yaml').sort());
    // kubectl renders every object of every file listed
    const count = (f: string) => yamlDocs(join(K8S, f)).length;
    expect(applied).toHaveLength(kustomization.resources.reduce((n, f) => n + count(f), 0));
  });

  it('renders with kubectl kustomize into objects that hold together', () => {
    type Workload = {
      kind: string;
      metadata: { name: string; namespace?: string; labels?: Record<string, string> };
      spec: {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; volumes?: Array<{ name: string }> } };
      };
    };
    const workloads = applied.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as unknown as Workload[];
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual([...APPS, 'nats'].sort());
    for (const o of applied) {
      expect(typeof o.apiVersion).toBe('string');
      expect(o.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (o.kind !== 'Namespace')
        expect({ kind: o.kind, name: o.metadata?.name, ns: o.metadata?.namespace }).toEqual({ kind: o.kind, name: o.metadata?.name, ns: 'express-platform' });
      const labels = (o.metadata as { labels?: Record<string, string> }).labels ?? {};
      expect({ kind: o.kind, name: o.metadata?.name, partOf: labels['app.kubernetes.io/part-of'] }).toEqual({
        kind: o.kind,
        name: o.metadata?.name,
        partOf: 'express-platform',
      });
    }
    const podLabels = workloads.map((w) => w.spec.template.metadata.labels);
    const selects = (sel: Record<string, string>) => podLabels.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v));
    for (const w of workloads) {
      expect(selects(w.spec.selector.matchLabels)).toBe(true);
      const volumes = new Set((w.spec.template.spec.volumes ?? []).map((v) => v.name));
      for (const c of w.spec.template.spec.containers) {
        const ports = new Set((c.ports ?? []).map((p) => p.name));
        for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
          const probe = c[kind];
          expect({ workload: w.metadata.name, kind, defined: probe !== undefined }).toEqual({ workload: w.metadata.name, kind, defined: true });
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (port !== undefined)
            expect({ workload: w.metadata.name, kind, port: ports.has(String(port)) }).toEqual({ workload: w.metadata.name, kind, port: true });
        }
        // liveness is the process alone: an HTTP or TCP answer, never a check of NATS or the database
        expect({
          workload: w.metadata.name,
          container: c.name,
          liveness: c.livenessProbe?.httpGet?.path ?? (c.livenessProbe?.tcpSocket ? 'tcp' : undefined),
        }).toEqual({
          workload: w.metadata.name,
          container: c.name,
          liveness: expect.stringMatching(/^(\/(livez|health|healthz\?js-enabled-only=true)|tcp)$/),
        });
        for (const m of (c as { volumeMounts?: Array<{ name: string }> }).volumeMounts ?? []) {
          expect({ workload: w.metadata.name, mount: m.name, declared: volumes.has(m.name) || w.kind === 'StatefulSet' }).toEqual({
            workload: w.metadata.name,
            mount: m.name,
            declared: true,
          });
        }
        for (const f of c.envFrom ?? []) {
          if (f.configMapRef) expect(find('ConfigMap', f.configMapRef.name)).toBeDefined();
          if (f.secretRef) expect(find('Secret', f.secretRef.name)).toBeDefined();
        }
      }
    }
    for (const o of applied.filter((x) => ['Service', 'PodDisruptionBudget', 'NetworkPolicy'].includes(String(x.kind)))) {
      const spec = o.spec as {
        selector?: Record<string, string> & { matchLabels?: Record<string, string> };
        podSelector?: { matchLabels?: Record<string, string> };
      };
      const sel = o.kind === 'Service' ? spec.selector : o.kind === 'NetworkPolicy' ? spec.podSelector?.matchLabels : spec.selector?.matchLabels;
      expect({ kind: o.kind, name: o.metadata?.name, selectsAPod: selects(sel ?? {}) }).toEqual({ kind: o.kind, name: o.metadata?.name, selectsAPod: true });
    }
    for (const o of applied.filter((x) => x.kind === 'HorizontalPodAutoscaler')) {
      const target = (o.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef;
      expect(find(target.kind, target.name)).toBeDefined();
    }
  });

  it('routes the public paths to the gateway through the Ingress, never /metrics', () => {
    type Path = { path: string; pathType: 'Exact' | 'Prefix'; backend: { service: { name: string; port: { name: string } } } };
    const ingress = find<{ spec: { rules: Array<{ http: { paths: Path[] } }> } }>('Ingress', 'gateway');
    const paths = ingress?.spec.rules.flatMap((r) => r.http.paths) ?? [];
    for (const p of paths) expect(p.backend.service).toEqual({ name: 'gateway', port: { name: 'http' } });
    // Kubernetes' matching: Exact is equality, Prefix matches whole path elements
    const routed = (url: string) =>
      paths.some((p) => (p.pathType === 'Exact' ? url === p.path : url === p.path || url.startsWith(`${p.path.replace(/\/$/, '')}/`)));
    for (const url of ['/', '/index.html', '/assets/dashboard.js', '/api/v1/auth/login', '/docs', '/docs/', '/docs-json', '/health', '/health/ready']) {
      expect({ url, routed: routed(url) }).toEqual({ url, routed: true });
    }
    for (const url of ['/metrics', '/metrics/', '/apix', '/healthz']) expect({ url, routed: routed(url) }).toEqual({ url, routed: false });
  });

  it('gives Prometheus a scrape config for every metrics port and alert rules on metrics the code exports', () => {
    const config = yamlDocs(join(DEPLOY, 'prometheus', 'prometheus.yml'))[0] as unknown as {
      rule_files: string[];
      scrape_configs: Array<{ relabel_configs: Array<{ source_labels: string[]; regex: string; action?: string }> }>;
    };
    expect(config.rule_files).toEqual(['alerts.yml']);
    const keep = config.scrape_configs[0].relabel_configs.find((r) => r.source_labels.includes('__meta_kubernetes_pod_container_port_name'));
    const scraped = new RegExp(`^(?:${keep?.regex})$`);
    for (const app of APPS) {
      const port = app === 'gateway' ? 'http' : 'ops';
      expect(deploymentContainer(app).ports?.map((p) => p.name)).toContain(port);
      expect({ app, scraped: scraped.test(`${app};${port}`) }).toEqual({ app, scraped: true });
    }
    const sts = find<{ spec: { template: { spec: { containers: Container[] } } } }>('StatefulSet', 'nats');
    expect(sts?.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name))).toContain('metrics');
    expect(scraped.test('nats;metrics')).toBe(true);
    expect(scraped.test('nats;client')).toBe(false);

    const rules = (
      yamlDocs(join(DEPLOY, 'prometheus', 'alerts.yml'))[0] as unknown as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(['OutboxEventsStuck', 'OutboxEventsParked', 'EventConsumerLagging', 'GatewayServerErrors']);
    const sources = [join(ROOT, 'libs', 'events', 'src', 'metrics.ts'), join(ROOT, 'apps', 'gateway', 'src', 'metrics', 'metrics.ts')]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const exported = new Set([...sources.matchAll(/name: '([a-z_]+)'/g)].map((m) => m[1]));
    for (const r of rules) {
      const names = [...r.expr.matchAll(/\b([a-z_]+_(?:seconds|messages|events|total)(?:_count)?)\b/g)].map((m) => m[1].replace(/_count$/, ''));
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect({ alert: r.alert, metric: n, exported: exported.has(n) }).toEqual({ alert: r.alert, metric: n, exported: true });
    }
  });

  it('migrates in a Job before a rollout (k8s/migrate), the apps not at start', () => {
    const [job, ...rest] = kubectlKustomize(join(K8S, 'migrate')) as Array<
      Obj & { spec: { template: { spec: { restartPolicy: string; containers: Container[] } } } }
    >;
    expect(rest).toEqual([]);
    expect(job).toMatchObject({ kind: 'Job', metadata: { name: 'migrate', namespace: 'express-platform' } });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe('express-platform:0.1.0');
    expect(c.args).toEqual(['migrate']);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'platform-config' } }]);
    for (const v of c.env ?? []) {
      const ref = v.valueFrom?.secretKeyRef;
      if (ref) expect(dataKeys('Secret', ref.name)).toContain(ref.key);
    }
    // each app's migrations as its own role, from its own Secret (scripts/migrate.mjs DATABASE_URL_<APP>)
    expect(Object.fromEntries((c.env ?? []).map((v) => [v.name, v.valueFrom?.secretKeyRef]))).toEqual(
      Object.fromEntries(APPS.map((app) => [databaseUrlVariable(app), { name: `database-${app}`, key: 'DATABASE_URL' }])),
    );
    expect(configMapData('platform-config').MIGRATE_AT_START).toBe('false');
    expect(readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8')).toMatch(
      /^COPY scripts\/platform\.mjs scripts\/nats-health\.mjs scripts\/migrate\.mjs scripts\/$/m,
    );
  });

  it('connects every app as its own PostgreSQL role of deploy/postgres/roles.sql, never as the owner, in compose and Kubernetes', () => {
    const rolesSql = readFileSync(join(DEPLOY, 'postgres', 'roles.sql'), 'utf8');
    const database = 'express_platform';
    const roles = [...rolesSql.matchAll(/^CREATE ROLE (\S+) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'(pw_\w+)';$/gm)].map((m): [string, string] => [
      m[1],
      m[2],
    ]);
    expect(roles.map(([role]) => role).sort()).toEqual(APPS.map((app) => serviceRole(database, app)).sort());
    const passwordOf = new Map(roles);

    // compose: PostgreSQL runs roles.sql at its first start with a password per role, each app gets its role's URL
    const postgres = compose.services.postgres as { environment: Record<string, string>; volumes: string[] };
    expect(postgres.environment.POSTGRES_DB).toBe(database);
    expect(postgres.volumes).toEqual(
      expect.arrayContaining(['./postgres/roles.sql:/etc/platform/roles.sql:ro', './postgres/init-roles.sh:/docker-entrypoint-initdb.d/10-roles.sh:ro']),
    );
    const init = readFileSync(join(DEPLOY, 'postgres', 'init-roles.sh'), 'utf8');
    expect(init).toMatch(/-f \/etc\/platform\/roles\.sql\s*$/);
    const example = readFileSync(join(DEPLOY, '.env.example'), 'utf8');
    const owner = postgres.environment.POSTGRES_USER;
    const urls = new Set<string>();
    for (const app of APPS) {
      // compose interpolates the password, so the URL is taken apart around it
      const given = (compose.services[app] as { environment: Record<string, string> }).environment.DATABASE_URL;
      const [, user, password, host, db] = /^postgres:\/\/([^:@]+):(\$\{[^}]+\})@([^/]+)\/(\w+)$/.exec(given) ?? [];
      const role = serviceRole(database, app);
      const variable = `POSTGRES_PASSWORD_${app.toUpperCase().replace(/-/g, '_')}`;
      expect({ app, user, database: db, host }).toEqual({ app, user: role, database, host: 'postgres:5432' });
      expect(password).toBe(`\${${variable}:?set ${variable} in deploy/.env}`);
      expect(postgres.environment[variable]).toBe(`\${${variable}:?set ${variable} in deploy/.env}`);
      expect(init).toContain(`-v ${passwordOf.get(role)}="$${variable}"`);
      expect(example).toMatch(new RegExp(`^${variable}=REPLACE_ME_`, 'm'));
      urls.add(user);
    }
    expect(urls.size).toBe(APPS.length);
    expect(urls.has(owner)).toBe(false);
    expect(JSON.stringify(compose.services.gateway)).not.toContain('POSTGRES_PASSWORD}');

    // Kubernetes: each Deployment reads DATABASE_URL from its own Secret, whose example URL names its role
    const secrets = new Set<string>();
    for (const app of APPS) {
      const ref = (deploymentContainer(app).env ?? []).find((v) => v.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      expect({ app, ref }).toEqual({ app, ref: { name: `database-${app}`, key: 'DATABASE_URL' } });
      secrets.add(ref!.name);
      const url = new URL(find<{ stringData: Record<string, string> }>('Secret', ref!.name)!.stringData.DATABASE_URL);
      expect({ app, user: url.username, database: url.pathname }).toEqual({ app, user: serviceRole(database, app), database: `/${database}` });
    }
    expect(secrets.size).toBe(APPS.length);
    // no Secret an app reads holds the owner's URL
    expect(dataKeys('Secret', 'platform-secrets')).not.toContain('DATABASE_URL');
  });

  it('runs NATS as a three-node JetStream cluster with a route to every node', () => {
    const sts = find<{
      spec: {
        replicas: number;
        serviceName: string;
        template: { spec: { containers: Container[]; volumes: Array<{ projected?: { sources: Array<{ configMap: { name: string } }> } }> } };
      };
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
    // TLS for clients and routes from the Secret nats-tls, which cert-manager issues for the
    // names clients and routes use; routes need a certificate of the cluster's CA (verify)
    const tlsBlock =
      /tls \{\s*cert_file: \/etc\/nats-tls\/tls\.crt\s*key_file: \/etc\/nats-tls\/tls\.key\s*ca_file: \/etc\/nats-tls\/ca\.crt\s*(verify: true\s*)?timeout: 2\s*\}/g;
    const blocks = [...conf.matchAll(tlsBlock)];
    expect(blocks.map((m) => conf.lastIndexOf('cluster {', m.index) >= 0 && Boolean(m[1]))).toEqual([false, true]);
    const stsVolumes = sts.spec.template.spec.volumes as Array<{ name: string; secret?: { secretName: string } }>;
    const tlsVolume = stsVolumes.find((v) => v.secret?.secretName === 'nats-tls');
    expect((container as { volumeMounts?: Array<{ name: string; mountPath: string }> }).volumeMounts).toContainEqual({
      name: tlsVolume?.name,
      mountPath: '/etc/nats-tls',
      readOnly: true,
    });
    const cert = find<{ spec: { secretName: string; dnsNames: string[]; usages: string[]; issuerRef: { name: string } } }>('Certificate', 'nats-tls');
    expect(cert?.spec.secretName).toBe('nats-tls');
    expect(cert?.spec.usages).toEqual(expect.arrayContaining(['server auth', 'client auth']));
    expect(cert?.spec.dnsNames).toEqual(expect.arrayContaining(['nats', `*.${sts.spec.serviceName}.express-platform.svc.cluster.local`]));
    expect(find('Issuer', cert?.spec.issuerRef.name ?? '')).toMatchObject({ spec: { ca: { secretName: 'nats-ca' } } });
    expect(find('Certificate', 'nats-ca')).toMatchObject({ spec: { isCA: true, secretName: 'nats-ca' } });
    // the apps connect with TLS, checking the server against the CA of that Secret
    const platformConfig = configMapData('platform-config');
    expect(platformConfig.NATS_URL).toBe('tls://nats:4222');
    for (const app of APPS) {
      const d = find<{
        spec: {
          template: {
            spec: {
              containers: Array<Container & { volumeMounts: Array<{ name: string; mountPath: string }> }>;
              volumes: Array<{ name: string; secret?: { secretName: string; items?: Array<{ key: string; path: string }> } }>;
            };
          };
        };
      }>('Deployment', app);
      const volume = d?.spec.template.spec.volumes.find((v) => v.secret?.secretName === 'nats-tls');
      expect({ app, items: volume?.secret?.items }).toEqual({ app, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
      const mount = d?.spec.template.spec.containers[0].volumeMounts.find((m) => m.name === volume?.name);
      expect(join(mount?.mountPath ?? '', 'ca.crt')).toBe(platformConfig.NATS_TLS_CA_FILE);
    }
    expect(find('PodDisruptionBudget', 'nats')).toMatchObject({ spec: { maxUnavailable: 1 } });
  });

  it('carries the users and permissions generated from deploy/nats/permissions.json to compose, Kubernetes and npm start', () => {
    // deploy/nats/subjects.json is the access table of this code, and the files follow from it
    for (const [file, content] of Object.entries(generatedFiles(requestSubjects(ACCESS)))) {
      expect({ file, fresh: readFileSync(file, 'utf8') === content, fix: 'npm run openapi' }).toEqual({ file, fresh: true, fix: 'npm run openapi' });
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
    // npm start and the tests write a config with this very block
    const dir = mkdtempSync(join(tmpdir(), 'nats-local-'));
    try {
      const local = localNatsConfig(join(dir, 'nats'), join(dir, 'jetstream'));
      expect(readFileSync(local.configFile, 'utf8')).toContain(authConf);
      expect(Object.keys(local.serverEnv).sort()).toEqual(users.map((u) => u.passwordVariable).sort());
      expect(new Set(Object.values(local.serverEnv)).size).toBe(users.length);
      expect(local.credentials.outlets).toEqual({ NATS_USER: 'outlets', NATS_PASSWORD: local.serverEnv.NATS_PASSWORD_OUTLETS });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the gateway's NATS user exactly the subjects of the access table a route may call, and each service only table subjects", () => {
    const subjects = requestSubjects(ACCESS);
    const users = new Map(natsUsers(loadPermissionTable(), APPS, subjects).map((u) => [u.user, u]));
    const services = APPS.filter((a) => a !== 'gateway');
    const routeSubjects = Object.keys(ACCESS).filter((s) => ACCESS[s as keyof typeof ACCESS].scope !== Scope.System);
    expect(users.get('gateway')?.publish.sort()).toEqual([...routeSubjects, ...services.map((s) => `${s}.health.ping`)].sort());
    // no wildcard: a subject outside the table (or a System one, a licence check) is not the gateway's
    expect(users.get('gateway')?.publish.filter((s) => /[*>]/.test(s))).toEqual([]);
    expect(users.get('gateway')?.publish).not.toContain(Subjects.supervision.licencesCheck);
    for (const service of services) {
      const calls = users.get(service)!.publish.filter((s) => !s.startsWith('$JS.') && !s.startsWith('events.') && !s.startsWith(`${service}.`));
      for (const subject of calls) expect({ service, subject, declared: Object.hasOwn(ACCESS, subject) }).toEqual({ service, subject, declared: true });
    }
    // a call of a subject the table does not declare is refused when the config is generated
    const table = loadPermissionTable();
    const forged = { ...table, users: { ...table.users, green: { ...table.users.green, calls: ['supervision.enterprises.purge'] } } };
    expect(() => natsUsers(forged, APPS, subjects)).toThrow(/supervision\.enterprises\.purge: not a subject of the access table/);
  });

  it('builds one image whose entry runs the app named by its argument', () => {
    const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build && npm prune --omit=dev/m);
    const user = dockerfile.match(/^USER (\d+):(\d+)$/m);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(dockerfile).toMatch(/^COPY deploy\/entrypoint\.sh \/usr\/local\/bin\/platform-app$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/platform-app"\]$/m);
    // what the service probes run is in the image
    expect(dockerfile).toMatch(/^COPY scripts\/platform\.mjs scripts\/nats-health\.mjs scripts\/migrate\.mjs scripts\/$/m);
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

/** openssl in `dir`; throws with its output when it fails */
function openssl(dir: string, args: string[]): void {
  const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
}

/** A CA (`<name>-ca.crt`, `.key`) in `dir`, as cert-manager's self-signed CA Certificate of nats-tls.yaml. */
function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}-ca.key`,
    '-out',
    `${name}-ca.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name} test CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/** A certificate `<name>.crt`/`.key` of CA `ca` for 127.0.0.1, for server and client auth like nats-tls.yaml's. */
function issue(dir: string, ca: string, name: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  writeFileSync(
    join(dir, `${name}.ext`),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature\n',
  );
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}-ca.crt`,
    '-CAkey',
    `${ca}-ca.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** A server's monitoring endpoint as JSON. */
async function monitor<T>(port: number, path: string): Promise<T> {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).json() as Promise<T>;
}

describe('the Kubernetes NATS config, run here as a three-node JetStream cluster with its TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-cluster-'));
  const tlsDir = join(dir, 'tls');
  const servers: NatsServerHandle[] = [];
  const passwords = Object.fromEntries(natsUsers().map((u) => [u.passwordVariable, `p${u.user.replace(/-/g, '')}${Date.now()}`]));
  // as the apps connect with NATS_TLS_CA_FILE (libs/messaging natsOptions)
  const as = (user: string, port: number): Promise<NatsConnection> =>
    connect({
      servers: `tls://127.0.0.1:${port}`,
      user,
      pass: passwords[passwordVariable(user)],
      inboxPrefix: inboxPrefix(user),
      tls: { caFile: join(tlsDir, 'cluster-ca.crt') },
    });
  let clientPorts: number[] = [];
  let routePorts: number[] = [];
  let monitorPorts: number[] = [];
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    // the Secret nats-tls as cert-manager issues it: tls.crt, tls.key, ca.crt
    mkdirSync(tlsDir);
    makeCa(tlsDir, 'cluster');
    issue(tlsDir, 'cluster', 'tls');
    copyFileSync(join(tlsDir, 'cluster-ca.crt'), join(tlsDir, 'ca.crt'));
    const conf = configMapData('nats-config')['nats.conf'];
    const auth = configMapData('nats-auth')['auth.conf'];
    clientPorts = await Promise.all([0, 1, 2].map(() => freePort()));
    routePorts = await Promise.all([0, 1, 2].map(() => freePort()));
    monitorPorts = await Promise.all([0, 1, 2].map(() => freePort()));
    const started = [0, 1, 2].map(async (i) => {
      const node = join(dir, `nats-${i}`);
      mkdirSync(node, { recursive: true });
      // the manifest's text, with this machine's addresses and files in place of the pods'
      let text = conf
        .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${clientPorts[i]}`)
        .replace('http: 0.0.0.0:8222', `http: 127.0.0.1:${monitorPorts[i]}`)
        .replace('listen: 0.0.0.0:6222', `listen: 127.0.0.1:${routePorts[i]}`)
        .replace('store_dir: /data/jetstream', `store_dir: ${JSON.stringify(join(node, 'jetstream'))}`)
        .replace('pid_file: /var/run/nats/nats.pid', `pid_file: ${JSON.stringify(join(node, 'nats.pid'))}`)
        .replace(/\/etc\/nats-tls\/(\S+)/g, (_, file: string) => JSON.stringify(join(tlsDir, file)));
      for (let r = 0; r < 3; r++) {
        text = text.replace(`nats://nats-${r}.nats-headless.express-platform.svc.cluster.local:6222`, `nats://127.0.0.1:${routePorts[r]}`);
      }
      expect(text).not.toMatch(/0\.0\.0\.0|svc\.cluster\.local|\/data\/|\/var\/run|\/etc\//);
      writeFileSync(join(node, 'nats.conf'), text);
      writeFileSync(join(node, 'auth.conf'), auth);
      return startNatsServer({
        port: clientPorts[i],
        storeDir: join(node, 'jetstream'),
        configFile: join(node, 'nats.conf'),
        // what the StatefulSet sets: the pod's name, and the names it advertises
        env: { ...passwords, POD_NAME: `nats-${i}`, CLIENT_ADVERTISE: `127.0.0.1:${clientPorts[i]}`, CLUSTER_ADVERTISE: `127.0.0.1:${routePorts[i]}` },
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
    // the new stream elects its own leader after it is created: until then a publish through
    // another node finds no responder (and stores nothing)
    let ack: Awaited<ReturnType<typeof js.publish>> | undefined;
    await waitFor(
      'the stream to take a publish',
      async () => {
        ack = await js.publish('events.outlets.outlet.filed', JSON.stringify({ outletId: 'o-1' }), { msgID: 'e-1' }).catch(() => undefined);
        return ack !== undefined;
      },
      30_000,
      200,
    );
    const again = await js.publish('events.outlets.outlet.filed', JSON.stringify({ outletId: 'o-1' }), { msgID: 'e-1' });
    expect(ack?.seq).toBe(1);
    expect(again.duplicate).toBe(true);

    const supervisionJsm = await jetstreamManager(supervision);
    await supervisionJsm.consumers.add('EVENTS', {
      durable_name: 'supervision-read-models',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'events.outlets.>',
    });
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

  it('forms the routes over TLS with the cluster certificate, and refuses a route without one', async () => {
    type Varz = { cluster: { tls_required: boolean; tls_verify: boolean } };
    type Routez = { num_routes: number };
    for (const port of monitorPorts) {
      expect((await monitor<Varz>(port, '/varz')).cluster).toMatchObject({ tls_required: true, tls_verify: true });
      await waitFor('the routes to both other nodes', async () => (await monitor<Routez>(port, '/routez')).num_routes === 2, 30_000, 250);
    }
    // would-be members: one with a certificate of another CA (which trusts ours), one in plain text
    const intruders = join(dir, 'intruders');
    mkdirSync(intruders);
    makeCa(intruders, 'other');
    issue(intruders, 'other', 'intruder');
    const attempts = await Promise.all(
      ['foreign-certificate', 'plain-text'].map(async (name) => {
        const [port, routePort, monitorPort] = await Promise.all([freePort(), freePort(), freePort()]);
        const tls =
          name === 'plain-text'
            ? ''
            : `tls { cert_file: ${JSON.stringify(join(intruders, 'intruder.crt'))}, key_file: ${JSON.stringify(join(intruders, 'intruder.key'))}, ca_file: ${JSON.stringify(join(tlsDir, 'ca.crt'))}, timeout: 2 }`;
        const config = join(intruders, `${name}.conf`);
        writeFileSync(
          config,
          `server_name: ${name}\nhttp: 127.0.0.1:${monitorPort}\ncluster {\n  name: express-platform\n  listen: 127.0.0.1:${routePort}\n  ${tls}\n  routes: [nats://127.0.0.1:${routePorts[0]}]\n}\n`,
        );
        const server = await startNatsServer({ port, storeDir: join(intruders, name), configFile: config });
        return { name, server, monitorPort };
      }),
    );
    try {
      // node 0 turns each away at the TLS handshake, again and again as they retry
      await waitFor(
        'node 0 refusing both routes',
        async () => {
          const out = servers[0].output();
          return (
            out.includes("TLS route handshake error: tls: client didn't provide a certificate") &&
            out.includes('TLS route handshake error: tls: first record does not look like a TLS handshake')
          );
        },
        20_000,
        250,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${servers[0].output().slice(-3000)}`);
      });
      for (const a of attempts)
        expect({ name: a.name, routes: (await monitor<Routez>(a.monitorPort, '/routez')).num_routes }).toEqual({ name: a.name, routes: 0 });
      for (const port of monitorPorts) expect((await monitor<Routez>(port, '/routez')).num_routes).toBe(2);
    } finally {
      await Promise.all(attempts.map((a) => a.server.stop()));
    }
  }, 60_000);

  it('takes clients over TLS checked against the CA, and refuses a plain-text client', async () => {
    const nc = await as('green', clientPorts[0]);
    open.push(nc);
    expect(nc.info?.tls_required).toBe(true);
    // the names the server gives its clients are its advertised ones
    expect(nc.info?.connect_urls).toEqual(expect.arrayContaining([`127.0.0.1:${clientPorts[1]}`, `127.0.0.1:${clientPorts[2]}`]));
    // a client that will not speak TLS: the client library refuses, and so does the server
    // when a client sends its CONNECT in plain text anyway
    await expect(
      connect({ servers: `nats://127.0.0.1:${clientPorts[0]}`, tls: null, user: 'green', pass: passwords[passwordVariable('green')], reconnect: false }),
    ).rejects.toThrow(/tls/i);
    const plain = await new Promise<{ info: string; replies: string; closed: boolean }>((done) => {
      const socket = createConnection({ host: '127.0.0.1', port: clientPorts[0] });
      let received = '';
      let sent = false;
      const finish = (closed: boolean) => {
        socket.destroy();
        const [info, ...rest] = received.split('\r\n');
        done({ info, replies: rest.join('\r\n'), closed });
      };
      const timer = setTimeout(() => finish(false), 10_000);
      socket.on('data', (d) => {
        received += d.toString('latin1');
        if (!sent && received.includes('\r\n')) {
          sent = true;
          socket.write(`CONNECT ${JSON.stringify({ user: 'green', pass: passwords[passwordVariable('green')], verbose: false, pedantic: false })}\r\nPING\r\n`);
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        finish(true);
      });
    });
    expect(plain.info).toMatch(/^INFO .*"tls_required":true/);
    expect(plain.replies).not.toContain('PONG');
    expect(plain.closed).toBe(true);
    await waitFor('the refusal in the log', async () => servers[0].output().includes('TLS handshake error'), 10_000, 100);
  }, 60_000);

  it("stops a node in lame-duck mode with the StatefulSet's own preStop hook, which returns only once the server is gone", async () => {
    const sts = find<{ spec: { template: { spec: { containers: Array<Container & { lifecycle: { preStop: { exec: { command: string[] } } } }> } } } }>(
      'StatefulSet',
      'nats',
    );
    const hook = sts?.spec.template.spec.containers[0].lifecycle.preStop.exec.command ?? [];
    expect(hook.join(' ')).toContain('nats-server --signal ldm=/var/run/nats/nats.pid');
    // node 1, with its clients gone (green's connection)
    await Promise.all(open.splice(0).map((nc) => nc.close()));
    const node = servers[1];
    const pidFile = join(dir, 'nats-1', 'nats.pid');
    const command = hook.map((part) => part.replaceAll('/var/run/nats/nats.pid', pidFile));
    const started = Date.now();
    // asynchronously: this process must reap the server for the hook to see it gone
    const run = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 55_000 });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.once('exit', (status) => done({ status, stderr }));
    });
    expect(run).toEqual({ status: 0, stderr: '' });
    // the hook waited for the exit: the kubelet's SIGTERM after it finds nothing to cut short
    expect(node.child.exitCode ?? node.child.signalCode).not.toBeNull();
    const output = node.output();
    const ldm = output.indexOf('Entering lame duck mode');
    expect(ldm).toBeGreaterThan(-1);
    expect(output.indexOf('Server Exiting', ldm)).toBeGreaterThan(ldm);
    process.stdout.write(`lame-duck stop of a cluster node through the preStop hook: ${Date.now() - started} ms\n`);
  }, 60_000);
});

describe('the apps over a NATS that takes TLS clients only, as in the cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-tls-apps-'));
  let platform: TestPlatform | undefined;

  beforeAll(async () => {
    makeCa(dir, 'cluster');
    issue(dir, 'cluster', 'tls');
    platform = await new TestPlatform({
      apps: ['green', 'gateway'],
      natsTls: { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), caFile: join(dir, 'cluster-ca.crt') },
    }).start();
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects the services, the gateway and the container probe with NATS_TLS_CA_FILE, and not without it', async () => {
    if (!platform) throw new Error('no platform');
    expect(platform.env.NATS_URL).toMatch(/^tls:\/\/127\.0\.0\.1:\d+$/);
    // gateway → green over TLS
    const res = await fetch(`${platform.url}/api/v1/green-reports`, { headers: { authorization: `Bearer ${await platform.adminToken()}` } });
    expect(res.status).toBe(200);
    const probe = (extra: Record<string, string>) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts', 'nats-health.mjs'), 'green', '--any'], {
        env: { PATH: process.env.PATH, NATS_URL: platform?.env.NATS_URL, ...platform?.natsCredentials('green'), ...extra },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const trusted = probe({ NATS_TLS_CA_FILE: platform.env.NATS_TLS_CA_FILE });
    expect({ status: trusted.status, out: trusted.stdout }).toEqual({ status: 0, out: expect.stringContaining('green.health.ping') });
    // without the CA the server's certificate is not trusted
    const untrusted = probe({});
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toMatch(/certificate/i);
  }, 60_000);
});
