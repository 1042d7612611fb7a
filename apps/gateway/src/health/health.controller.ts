import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { SERVICES } from '@app/contracts';
import { ServiceRequester } from '@app/messaging';
import { Public } from '../auth/access.decorator.js';
import { NATS_CONNECTION } from '../bus/bus.module.js';

type Check = 'up' | 'down';
const READY_TIMEOUT_MS = 1500;

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const READINESS: SchemaObject = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: { type: 'object', description: 'database, nats and each service', additionalProperties: { type: 'string', enum: ['up', 'down'] } },
  },
};

@ApiTags('operations (运维)')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: ServiceRequester,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the gateway process answers' })
  @ApiOkResponse({
    description: 'the process answers',
    schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: database, NATS and every service answer' })
  @ApiOkResponse({ description: 'everything answers', schema: READINESS })
  @ApiServiceUnavailableResponse({
    description: 'something is down; the body says what',
    schema: READINESS,
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 } } },
  })
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const probe = async (fn: () => Promise<unknown>): Promise<Check> => {
      try {
        await within(fn(), READY_TIMEOUT_MS);
        return 'up';
      } catch {
        return 'down';
      }
    };
    const meta = { principal: null, correlationId: 'readiness' };
    const [database, nats, ...services] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => (this.nc.isClosed() ? Promise.reject(new Error('closed')) : this.nc.flush())),
      ...SERVICES.map((s) => probe(() => this.bus.request(`${s}.health.ping`, {}, meta, READY_TIMEOUT_MS))),
    ]);
    const checks = { database, nats, ...Object.fromEntries(SERVICES.map((s, i) => [s, services[i]])) };
    const ok = Object.values(checks).every((c) => c === 'up');
    if (!ok) {
      res.status(503).header('Retry-After', '5');
    }
    return { status: ok ? 'ready' : 'not_ready', checks };
  }
}
