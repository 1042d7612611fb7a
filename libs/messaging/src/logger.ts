import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';

/** Log output is written once this much has gathered, or FLUSH_MS after the last write at the latest. */
const MIN_WRITE_BYTES = 4096;
const FLUSH_MS = 250;

/**
 * Structured JSON logs (pino) for a service or the gateway, on standard output. Written
 * asynchronously and gathered: a write goes out once 4 kB of lines have come (one system call
 * for a dozen requests' lines under load; a write per line cost the gateway about a tenth of
 * its CPU), and what has come is flushed every quarter second, so a line is never later than
 * that; what is still buffered is written when the process exits.
 */
export function loggerModule(name: string, level: string): DynamicModule {
  const destination = pino.destination({ dest: 1, sync: false, minLength: MIN_WRITE_BYTES });
  // unref'd: it never keeps a stopping process alive
  setInterval(() => destination.flush(), FLUSH_MS).unref();
  return LoggerModule.forRoot({
    // The API only: not the probes (/health, /health/ready), /metrics, the dashboard's files
    // and the API docs, whose requests are not logged; excluded, they skip the middleware at once.
    exclude: [
      { path: 'health{/*rest}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
      { path: '/', method: RequestMethod.ALL },
      { path: 'index.html', method: RequestMethod.ALL },
      { path: 'assets/{*rest}', method: RequestMethod.ALL },
      { path: 'docs{/*rest}', method: RequestMethod.ALL },
      { path: 'docs-json', method: RequestMethod.ALL },
    ],
    pinoHttp: [
      {
        name,
        level,
        // The request's id is the correlation id the gateway's HTTP server gave it (Fastify's
        // genReqId, which also answers it as X-Correlation-Id); Fastify's middleware engine
        // copies it onto the Node request this middleware sees, and pino-http takes it from there.
        // Lines logged while serving a request carry its correlation id only: one cheap child
        // logger per request (pino-http's default made three, serialising the request into
        // two of them, about a sixth of the gateway's CPU per request).
        quietReqLogger: true,
        quietResLogger: true,
        customAttributeKeys: { reqId: 'correlationId' },
        // one short access line per request: method, URL, status and time, not every header (credentials never reach it)
        customSuccessObject: (req, _res, line) => ({ req, ...line }),
        customErrorObject: (req, _res, _err, line) => ({ req, ...line }),
        // given the raw request and response: pino-http's wrapping would first copy every header
        // into an object of its own (pino-std-serializers) on each request, only for these to drop it
        wrapSerializers: false,
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          err: pino.stdSerializers.err,
        },
      },
      destination,
    ],
  });
}
