import type { ChildProcess } from 'node:child_process';

export const ROOT: string;
export function apps(): string[];
export function portAnswers(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs?: number, intervalMs?: number): Promise<void>;
export function which(command: string): string | null;
export function ensureDebianPackage(pkg: string, file: string, log?: (line: string) => void): boolean;
export function ensureNatsServer(log?: (line: string) => void): string;
export function ensureChromium(log?: (line: string) => void): string;
export interface NatsServerHandle {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}
export function startNatsServer(options: {
  port: number;
  storeDir: string;
  configFile?: string;
  env?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<NatsServerHandle>;
export function databaseUrl(baseUrl: string, database: string): string;
export function createDatabase(adminUrl: string, name: string, options?: { ifMissing?: boolean }): Promise<void>;
export function dropDatabase(adminUrl: string, name: string, options?: { roles?: string[] }): Promise<void>;
export function schemaOf(app: string): string;
export function serviceRole(database: string, app: string): string;
export function databaseUrlVariable(app: string): string;
export function createServiceRoles(adminUrl: string, database: string, names: string[]): Promise<Record<string, string>>;
export interface AppHandle {
  name: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}
export function startApp(
  name: string,
  env: Record<string, string>,
  /** output: 'pipe' keeps the last lines for log(), or where the app's output goes; root: the checkout whose dist/ runs; wrap: a command the app runs under (e.g. taskset). */
  options?: { output?: 'pipe' | 'inherit' | number; waitMs?: number; nodeArgs?: string[]; root?: string; wrap?: string[] },
): Promise<AppHandle>;
export function natsHealth(
  env: Record<string, string | undefined>,
  service: string,
  options?: { instance?: string; timeoutMs?: number },
): Promise<{ ok: boolean; detail: string }>;
export function natsPing(env: Record<string, string | undefined>, service: string, options?: { instance?: string; timeoutMs?: number }): Promise<boolean>;
export interface Supervised {
  name: string;
  first(): Promise<AppHandle>;
  readonly handle: AppHandle | undefined;
  readonly gaveUp: boolean;
  stop(): Promise<void>;
}
export function supervise(
  name: string,
  start: () => Promise<AppHandle>,
  options?: { log?: (line: string) => void; maxCrashes?: number; windowMs?: number; baseDelayMs?: number; maxDelayMs?: number },
): Supervised;
