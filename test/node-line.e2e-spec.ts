import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { freePort, ROOT } from '../scripts/platform.mjs';
import { platformNode, requiredNode } from '../scripts/node-line.mjs';
import { TestPlatform } from './support/platform.js';

const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/**
 * The Node line the README names (Node 22 LTS, from the `node` devDependency) is the one the
 * tests and the services run on, and it satisfies every dependency's engines.
 */
describe('the Node line', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const named = Number(readme.match(/runs on \*\*Node (\d+) LTS\*\*/)?.[1]);

  it('is one line in the README, the node devDependency, engines and the image', () => {
    expect(named).toBe(22);
    expect(major(pkg.devDependencies.node.replace(/^\D+/, ''))).toBe(named);
    expect(requiredNode()[0]).toBe(named);
    expect(readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8')).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${named}-`, 'm'));
  });

  it('runs jest on node_modules/node, which satisfies engines.node', () => {
    const node = platformNode();
    expect(node).toBeDefined();
    expect(process.version).toBe(`v${node?.version}`);
    expect(major(process.version)).toBe(named);
    const [a, b] = requiredNode();
    const [x, y] = process.version.slice(1).split('.').map(Number);
    expect(x > a || (x === a && y >= b)).toBe(true);
  });

  it('runs a spawned service on the same node (its /metrics nodejs_version_info)', async () => {
    const opsPort = await freePort();
    const platform = await new TestPlatform({ apps: ['green'], appEnv: { green: { OPS_PORT: String(opsPort) } } }).start();
    try {
      const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
      const info = text.split('\n').find((line) => line.startsWith('nodejs_version_info{'));
      expect(info).toContain(`version="${process.version}"`);
      expect(info).toContain(`major="${named}"`);
    } finally {
      await platform.stop();
    }
  }, 120_000);

  it('passes npm install --engine-strict under it, where the machine node too old for it fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-strict-'));
    try {
      copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
      const install = (nodeDir: string) =>
        spawnSync('npm', ['install', '--engine-strict', '--dry-run', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, PATH: [nodeDir, process.env.PATH].join(delimiter), npm_config_engine_strict: 'true' },
        });
      const ours = install(dirname(process.execPath));
      expect({ status: ours.status, stderr: ours.stderr }).toEqual({ status: 0, stderr: expect.not.stringContaining('EBADENGINE') });
      // the check itself bites: the machine's own node, where it is older than engines.node, fails it
      const system = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
      if (system.status === 0 && major(system.stdout) < requiredNode()[0]) {
        const old = install('/usr/bin');
        expect(old.status).not.toBe(0);
        expect(old.stderr).toContain('EBADENGINE');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
