import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync, ValidationError } from 'class-validator';
import { DEFAULT_PROVINCE } from '@app/contracts';

/** Raised at boot when the environment does not satisfy an app's config class. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m} (got ${JSON.stringify(e.value)})`),
    ...flatten(e.children ?? []),
  ]);
}

/**
 * Reads an app's config class from the environment. Defaults are the class's initialisers;
 * unknown variables are ignored; a bad value throws a ConfigError naming the variable.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const plain: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(cls, plain, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(flatten(errors));
  return config;
}

/** Boot helper: load config or print the problem and exit with status 78 (EX_CONFIG). */
export function loadConfigOrExit<T extends object>(cls: new () => T): T {
  try {
    return loadConfig(cls);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

/** What every service process needs. */
export class ServiceConfig {
  @Matches(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, { message: 'NATS_URL must be nats://host:port[,nats://…]' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASSWORD?: string;

  /**
   * A PEM CA bundle: connect to NATS over TLS, checking the server's certificate against it
   * (the Kubernetes cluster's NATS accepts TLS clients only, deploy/k8s/nats-tls.yaml).
   */
  @IsOptional()
  @IsString()
  NATS_TLS_CA_FILE?: string;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be postgres://user@host:port/database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/express_platform';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The province this deployment serves: its two-digit statistical code (13 Hebei, 14 Shanxi …).
   * Its region data must be in libs/regions/data (`npm run regions -- --province <code>`).
   */
  @Matches(/^(?!00)\d{2}$/, { message: 'PROVINCE_CODE must be a two-digit province code' })
  PROVINCE_CODE = DEFAULT_PROVINCE;

  /**
   * `national` in the national deployment (its gateway and supervision): the EVENTS stream of
   * its NATS sources every province's EVENTS stream (NATIONAL_SOURCES) over the leaf-node
   * connections, and the read models aggregate by province.
   */
  @IsIn(['province', 'national'])
  SUPERVISION_SCOPE = 'province';

  /**
   * The national deployment's provinces, comma-separated codes: each province's NATS is a
   * leaf node of the national NATS with the JetStream domain `p<code>` (deploy/nats/national).
   */
  @IsOptional()
  @Matches(/^\d{2}(,\d{2})*$/, { message: 'NATIONAL_SOURCES must be comma-separated two-digit province codes' })
  NATIONAL_SOURCES?: string;

  /** Replicas of the EVENTS stream (3 on a three-node JetStream cluster). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  JETSTREAM_REPLICAS = 1;

  /** Time a NATS request to another service may take before the caller answers 503. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /**
   * How long an Idempotency-Key is kept (at least 24 hours): with its response in the
   * gateway, with what it created in the services.
   */
  @Type(() => Number)
  @IsInt()
  @Min(24)
  IDEMPOTENCY_TTL_HOURS = 48;

  /**
   * How many times the NATS server may refuse an outbox event (a subject the service may not
   * publish, a message JetStream rejects) before the relay parks it for an operator; tried
   * about once a second meanwhile. Outages (timeouts, no responders) never count.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  OUTBOX_PARK_AFTER = 5;

  /**
   * Whether the app runs its schema's pending migrations at start (`npm start`; replicas
   * take an advisory lock). `false` where `npm run migrate` runs them before a rollout.
   */
  @IsIn(['true', 'false'])
  MIGRATE_AT_START = 'true';

  /**
   * A service's operations port: GET /livez (the process answers) and GET /metrics. Unset:
   * no such port (npm start runs every service on one host).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  OPS_PORT?: number;
}
export * from './secret.js';
