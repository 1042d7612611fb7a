// The platform's Node line: Node 22 LTS, brought by the npm registry's `node` package (a
// devDependency: its install script fetches the node-<os>-<arch> binary of the same version
// and links node_modules/.bin/node). npm scripts put node_modules/.bin first on PATH, so
// `npm run build`, `npm run migrate`, `npm run bench` and `npm run jest` run on it by
// themselves; `npm start` and `npm test` begin on whatever node the machine has (they install
// the packages first), so they call onPlatformNode() after installing, which re-runs the
// script on the platform's node. Everything they spawn with process.execPath is then on it.
// Node's standard library only: this runs before anything is installed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from './platform.mjs';

/** The node binary and version of the `node` devDependency, or undefined when not installed. */
export function platformNode() {
  const dir = join(ROOT, 'node_modules', 'node');
  const bin = join(dir, 'bin', 'node');
  if (!existsSync(bin) || !existsSync(join(dir, 'package.json'))) return undefined;
  return { bin, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version };
}

/** The lowest Node version package.json's engines.node (">=X.Y[.Z]") accepts. */
export function requiredNode() {
  const range = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range);
  if (!m) throw new Error(`package.json engines.node "${range}" is not of the form ">=X.Y.Z"`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function satisfies(version, [major, minor, patch]) {
  const [a, b, c] = version.replace(/^v/, '').split('.').map(Number);
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/**
 * Returns when this process runs on the platform's node. Otherwise, when that node is
 * installed, runs this same script on it (node_modules/.bin first on PATH, so that what it
 * spawns by name finds that node too), passes signals on, and exits with its status; the
 * returned promise then never settles. Without it, carries on where this node satisfies
 * engines.node and stops with a message where it does not.
 */
export async function onPlatformNode(log) {
  const wanted = platformNode();
  if (wanted && process.version === `v${wanted.version}`) return;
  if (!wanted) {
    const need = requiredNode().join('.');
    if (satisfies(process.version, requiredNode())) {
      log(`node_modules/node is missing: running on this machine's node ${process.version} (>= ${need})`);
      return;
    }
    console.error(`Node ${process.version} is older than the ${need} the dependencies need, and node_modules/node (Node 22 from npm) is missing: run npm ci`);
    process.exit(1);
  }
  log(`running on Node ${wanted.version} from node_modules/node (this machine's node is ${process.version})`);
  const child = spawn(wanted.bin, [...process.execArgv, process.argv[1], ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: [join(ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(delimiter) },
  });
  // Ctrl-C reaches the child through the terminal's process group; a signal sent to this
  // process alone is passed on. Either way this process waits for the child to end.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  return new Promise(() => {
    child.once('exit', (code, signal) => {
      if (signal) {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
}
