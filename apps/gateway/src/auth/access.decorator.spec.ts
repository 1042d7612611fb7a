import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS, type RequestSubject, Role, Scope, Subjects } from '@app/contracts';
import { AccessOf } from './access.decorator.js';

const SRC = join(process.cwd(), 'apps/gateway/src');
const subjectName = new Map<string, string>(
  Object.entries(Subjects).flatMap(([service, subjects]) => Object.entries(subjects).map(([key, subject]) => [`${service}.${key}`, subject as string])),
);

interface Member {
  file: string;
  name: string;
  decorators: string;
  body: string;
}

/** The class members of a controller source: their decorators and their body (2-space indented members). */
function members(file: string): Member[] {
  const lines = readFileSync(join(SRC, file), 'utf8').split('\n');
  const out: Member[] = [];
  let decorators: string[] = [];
  let current: Member | null = null;
  for (const line of lines) {
    const start = /^ {2}(?:(?:private|public|async|readonly) )*(\w+)\(/.exec(line);
    if (/^ {2}@/.test(line) || (line.startsWith('    ') && decorators.length > 0 && current === null)) {
      decorators.push(line);
    } else if (start) {
      current = { file, name: start[1], decorators: decorators.join('\n'), body: line };
      out.push(current);
      decorators = [];
    } else if (current && !/^ {2}\S/.test(line)) {
      current.body += `\n${line}`;
    }
    if (/^ {2}\}/.test(line)) current = null;
  }
  return out;
}

const calls = (text: string): string[] => [...text.matchAll(/Subjects\.(\w+)\.(\w+)/g)].map((m) => subjectName.get(`${m[1]}.${m[2]}`)!);

describe('gateway routes take their access from the access table', () => {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.controller.ts'));
  const all = files.flatMap(members);
  const routes = all.filter((m) => /@(Get|Post|Put|Patch|Delete)\(/.test(m.decorators));

  /** The subjects a route asks: in its own body and in the helpers of its class it calls. */
  function subjectsOf(route: Member): string[] {
    const helpers = [...route.body.matchAll(/this\.(\w+)\(/g)].map((m) => m[1]);
    const own = all.filter((m) => m.file === route.file && helpers.includes(m.name) && !routes.includes(m));
    return [...new Set([...calls(route.body), ...own.flatMap((h) => calls(h.body))])];
  }

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(90);
  });

  it('declares @AccessOf(the subject it forwards to) on every route that asks a service, and nothing else on those', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const asked = subjectsOf(route);
      const declared = /@AccessOf\(Subjects\.(\w+)\.(\w+)((?:, Role\.\w+)*)\)/.exec(route.decorators);
      const where = `${route.file} ${route.name}`;
      if (asked.length === 0) {
        if (declared) problems.push(`${where} declares ${declared[0]} but asks no service`);
        continue;
      }
      if (!declared) {
        problems.push(`${where} asks ${asked.join(', ')} without @AccessOf`);
        continue;
      }
      const primary = subjectName.get(`${declared[1]}.${declared[2]}`)! as RequestSubject;
      if (!asked.includes(primary)) problems.push(`${where} declares ${primary} but asks ${asked.join(', ')}`);
      const narrowed = [...declared[3].matchAll(/Role\.(\w+)/g)].map((m) => Role[m[1] as keyof typeof Role]);
      const roles = narrowed.length > 0 ? narrowed : ACCESS[primary].roles;
      // a further subject the route asks must let every role of the route ask it too
      for (const other of asked.filter((s) => s !== primary) as RequestSubject[]) {
        const access = ACCESS[other];
        const open = access.scope === Scope.Public || access.roles.length === 0;
        const missing = open ? [] : roles.filter((r) => !access.roles.includes(r));
        if (missing.length > 0) problems.push(`${where} also asks ${other}, which ${missing.join(', ')} may not`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses to build a route that widens a subject, or forwards to a system-only one', () => {
    expect(() => AccessOf(Subjects.subsidies.claimsCreate, Role.Staff)).toThrow(/may not open it to staff/);
    expect(() => AccessOf(Subjects.supervision.licencesCheck)).toThrow(/services only/);
    expect(() => AccessOf(Subjects.subsidies.claimsTransition, Role.CountyCentre)).not.toThrow();
  });
});
