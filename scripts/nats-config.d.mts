export const PERMISSIONS_FILE: string;
export const AUTH_CONF: string;
export const K8S_AUTH: string;
export const K8S_NAMESPACE: string;
export const SUBJECTS_FILE: string;
/** subject → its scope rule (Scope of libs/contracts) and whether services call it without a principal */
export type RequestSubjects = Record<string, { scope: string; systemCalls: boolean }>;
export function requestSubjects(access: Record<string, { scope: string; systemCalls: boolean }>): RequestSubjects;
export function loadRequestSubjects(file?: string): RequestSubjects;
export function builtRequestSubjects(): Promise<RequestSubjects | null>;
export function subjectsFile(subjects: RequestSubjects): string;
export interface PermissionTable {
  eventStream: string;
  eventPrefix: string;
  streamManager: string;
  jetstreamApi: string[];
  streamManagerApi: string[];
  durableApi: string[];
  users: Record<string, { serves: boolean; calls: string[]; durables?: string[] }>;
}
export interface NatsUser {
  user: string;
  passwordVariable: string;
  publish: string[];
  subscribe: string[];
  allowResponses: boolean;
}
export type NatsCredentials = { NATS_USER: string; NATS_PASSWORD: string };
export function loadPermissionTable(file?: string): PermissionTable;
export function passwordVariable(app: string): string;
export function inboxPrefix(user: string): string;
export function natsUsers(table?: PermissionTable, apps?: string[], subjects?: RequestSubjects): NatsUser[];
export function authorizationBlock(users?: NatsUser[]): string;
export function k8sAuthConfigMap(block?: string): string;
export function generatedFiles(subjects?: RequestSubjects): Record<string, string>;
export function localNatsConfig(
  dir: string,
  storeDir: string,
  users?: NatsUser[],
  options?: { domain?: string; lines?: string[] },
): { configFile: string; serverEnv: Record<string, string>; credentials: Record<string, NatsCredentials> };
export function leafDenied(table?: PermissionTable): string[];
export function nationalLeafListener(port: number, passwordVariable?: string): string;
export function provinceLeafRemote(url: string, denied?: string[]): string;
