import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from 'nestjs-pino';
import { IndicatorDto } from '@app/contracts';
import { validationPipe } from '@app/messaging';
import { completeDocument } from './contract/contract.js';
import { GatewayConfig } from './gateway.definition.js';
import { gatewayModule } from './gateway.module.js';
import { Metrics } from './metrics/metrics.js';
import { sendProblem } from './problem/problem.filter.js';
import type { PlatformRequest } from './auth/platform-request.js';
import { securityHeaders } from './security-headers.js';
import { keepRawBody } from './idempotency/idempotency.js';

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

function bodyParsers(app: NestExpressApplication, config: GatewayConfig): void {
  const json = (limit: string) => express.json({ limit, type: ['application/json', 'application/*+json'], verify: keepRawBody });
  const text = (limit: string) => express.text({ limit, type: ['text/csv', 'text/plain', 'application/x-ndjson'] });
  const raw = (limit: string) =>
    express.raw({ limit, type: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'] });
  const bulk = chain([json(config.BULK_BODY_LIMIT), text(config.BULK_BODY_LIMIT), raw(config.BULK_BODY_LIMIT)]);
  // material files of licence applications (PDF, JPEG, PNG): the route caps them lower and checks their content
  const files = express.raw({ limit: config.BODY_LIMIT, type: ['application/pdf', 'image/jpeg', 'image/png'] });
  const normal = chain([json(config.BODY_LIMIT), text(config.BODY_LIMIT), files]);
  // one middleware instead of a layer per route and parser; a request without a body (a GET) skips them all
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
    (BULK_PATHS.test(req.path) ? bulk : normal)(req, res, next);
  });
  app.use((err: { status?: number; type?: string; message?: string }, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const status = err.status ?? 400;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : err.type === 'entity.parse.failed' ? 'MALFORMED_BODY' : 'BAD_BODY';
    const detail =
      status === 413
        ? `the request body is larger than this endpoint accepts (${req.originalUrl.split('?')[0]})`
        : `the request body could not be read: ${err.message ?? 'malformed'}`;
    sendProblem(res, req as PlatformRequest, { status, code, detail });
  });
}

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/** Runs middlewares one after the other, as Express would, stopping at the first error. */
function chain(middlewares: Middleware[]): Middleware {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === middlewares.length) return next(err);
      middlewares[i++](req, res, step);
    };
    step();
  };
}

/** The bulk routes and anything under them (Express's `app.use(path)` matching: case-insensitive, whole segments). */
const BULK_PATHS = new RegExp(`^/${API_PREFIX}/(${BULK_ROUTES.join('|')})(/|$)`, 'i');

function httpMetrics(app: NestExpressApplication): void {
  const metrics = app.get(Metrics);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = metrics.http.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
    });
    next();
  });
}

/**
 * The dashboard at `/`: static files of apps/gateway/public (copied beside the compiled
 * gateway by the build) and ECharts from node_modules, served by the gateway itself so the
 * page needs nothing from outside and helmet's default CSP (`script-src 'self'`) holds.
 */
function dashboard(app: NestExpressApplication): void {
  const echarts = join(dirname(createRequire(import.meta.url).resolve('echarts')), 'echarts.min.js');
  app.use('/assets/vendor/echarts.min.js', (req: Request, res: Response, next: NextFunction) =>
    req.method === 'GET' || req.method === 'HEAD' ? res.sendFile(echarts, { maxAge: '1d' }) : next(),
  );
  const files = express.static(fileURLToPath(new URL('../public', import.meta.url)), { index: 'index.html', maxAge: '5m' });
  // the API and the operational routes never look for a file (a stat per request otherwise)
  app.use((req: Request, res: Response, next: NextFunction) => (NOT_FILES.test(req.path) ? next() : files(req, res, next)));
}

/** Express's `trust proxy` from TRUST_PROXY: a hop count, false, or a list of addresses and CIDRs. */
function trustProxy(value: string): number | boolean | string[] {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

/** Paths the dashboard's static files are not looked up for. */
const NOT_FILES = new RegExp(`^/(${API_PREFIX}|health|metrics|docs)(/|$)`);

/** Builds the gateway application (not yet listening). */
export async function createGateway(config: GatewayConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(gatewayModule(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxy(config.TRUST_PROXY));
  app.disable('x-powered-by');
  app.use(securityHeaders());
  httpMetrics(app);
  dashboard(app);
  bodyParsers(app, config);
  applyApiPrefix(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
