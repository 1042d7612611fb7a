import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';

/**
 * Structured JSON logs (pino) for a service or the gateway, on standard output. Written
 * asynchronously: lines that come while a write is under way go out together in the next
 * one (one system call for many requests under load, at once when idle); what is still
 * buffered is written when the process exits.
 */
export function loggerModule(name: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        name,
        level,
        genReqId: (req, res) => {
          const incoming = req.headers['x-correlation-id'];
          const id = typeof incoming === 'string' && /^[\w-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
          res.setHeader('X-Correlation-Id', id);
          return id;
        },
        customProps: (req) => ({ correlationId: req.id }),
        autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        // one short access line per request: method, URL and status, not every header (credentials never reach it)
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      pino.destination({ dest: 1, sync: false }),
    ],
  });
}
