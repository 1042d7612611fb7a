import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from 'nestjs-pino';
import { IndicatorDto } from '@app/contracts';
import { validationPipe } from '@app/messaging';
import { completeDocument } from './contract/contract.js';
import { GatewayConfig } from './gateway.definition.js';
import { gatewayModule } from './gateway.module.js';
import { Metrics } from './metrics/metrics.js';
import { securityHeaders } from './security-headers.js';
import { bodyParser, byteSize } from './body.js';

const API_PREFIX = 'api/v1';

/** Everything under /api/v1 except the operational endpoints and the dashboard. */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'metrics', '/'] });
}
/** Routes that take large bodies (bulk ingest); everything else gets BODY_LIMIT. */
const BULK_ROUTES: string[] = ['green-reports/upload', 'parcel-counts', 'waybills', 'cold-chain/facilities/import', 'statistics/upload'];

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Express last-mile and rural delivery platform (智慧快递监管平台)')
    .setDescription(
      'Public API of the provincial smart express supervision platform. Errors are RFC 9457 problem ' +
        'details; lists take `limit` and `cursor`; money is integer fen (分); dates are YYYY-MM-DD in Asia/Shanghai.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'JWT from POST /api/v1/auth/login, following RFC8725: HS256 only (verified against an allow-list of one algorithm), with an expiry.',
      },
      'bearer',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  return completeDocument(app, SwaggerModule.createDocument(app, config, { extraModels: [IndicatorDto] }));
}

/** The bulk routes' patterns (and any under them). */
const BULK_PATHS = new RegExp(`^/${API_PREFIX}/(${BULK_ROUTES.join('|')})(/|$)`);

/**
 * Each answer's duration by method, route pattern (prefix included, as registered:
 * `/api/v1/enterprises/:id`) and status; `unmatched` when no route matched. Fastify times the
 * request itself, so this is one hook when the answer is sent and nothing when it starts.
 */
function httpMetrics(instance: FastifyInstance, metrics: Metrics): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    metrics.http.observe({ method: request.method, route: route ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * The dashboard at `/`: static files of apps/gateway/public (copied beside the compiled
 * gateway by the build) and ECharts from node_modules, served by the gateway itself so the
 * page needs nothing from outside and helmet's default CSP (`script-src 'self'`) holds.
 * Each file is a route of its own, listed at start (no wildcard route): the API, the
 * operational routes and unknown paths never look for a file.
 */
async function dashboard(app: NestFastifyApplication): Promise<void> {
  const echarts = join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.min.js');
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('../public', import.meta.url)),
    wildcard: false,
    index: 'index.html',
    maxAge: '5m',
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/assets/vendor/echarts.min.js', (_request, reply) => reply.sendFile(basename(echarts), dirname(echarts), { maxAge: '1d' }));
}

/** Fastify's `trustProxy` from TRUST_PROXY: a hop count (the nearest that many proxies), false, or a list of addresses and CIDRs. */
function trustProxy(value: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((part) => part.trim());
}

/** The caller's X-Correlation-Id when it is well-formed, else a new one. */
function correlationIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-correlation-id'];
  return typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
}

/** The longest a client may take to send a whole request (Node's http default, as on Express). */
const REQUEST_TIMEOUT_MS = 300_000;

/** Builds the gateway application (not yet listening). */
export async function createGateway(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: trustProxy(config.TRUST_PROXY),
    // as Express routed: /API/v1/Enterprises and /api/v1/enterprises/ are /api/v1/enterprises
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // the request's id is its correlation id: the access log, problem documents and NATS messages carry it
    genReqId: correlationIdOf,
    // Node's own bound on receiving a whole request (Fastify's default of 0 lifts it): a client
    // trickling a body never holds a connection longer than this
    requestTimeout: REQUEST_TIMEOUT_MS,
  });
  const app = await NestFactory.create<NestFastifyApplication>(gatewayModule(config), adapter, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  const instance = adapter.getInstance();
  const headers = securityHeaders();
  // on the Node response: Fastify's own answers (404s, errors) carry them too
  instance.addHook('onRequest', (request, reply, done) => {
    headers(reply.raw);
    reply.raw.setHeader('X-Correlation-Id', request.id);
    done();
  });
  httpMetrics(instance, app.get(Metrics));
  await dashboard(app);
  bodyParser(instance, { normal: byteSize(config.BODY_LIMIT), bulk: byteSize(config.BULK_BODY_LIMIT) }, BULK_PATHS);
  applyApiPrefix(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
