import 'reflect-metadata';
import { INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, ServerNats } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { ServiceConfig } from '@app/config';
import { natsOptions } from './nats.js';
import { validationPipe } from './validation.js';
import { RpcProblemFilter } from './rpc-problem.filter.js';
import { MessageLoggingInterceptor } from './logging.interceptor.js';
import { AccessGuard } from './access.guard.js';

/**
 * Starts a service as a NATS microservice in the queue group of its name, with the
 * platform's access, validation, error and logging policy: AccessGuard refuses a subject
 * without an entry in the access table, or a principal the entry does not allow, before
 * any handler runs.
 */
export async function startService(name: string, module: Type, config: ServiceConfig): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy: new SubjectServerNats({ ...natsOptions(config, name), queue: name, gracefulShutdown: true, gracePeriod: 2000 }),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalGuards(new AccessGuard());
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new RpcProblemFilter());
  app.useGlobalInterceptors(new MessageLoggingInterceptor());
  app.enableShutdownHooks();
  await app.listen();
  return app;
}

/**
 * Nest's NATS transport, finding a message's handler by its subject as it is. Nest first tries
 * JSON.parse on every subject (a pattern may be an object); a plain subject makes it throw,
 * and a thrown SyntaxError (stack and all) per message cost more than the rest of the lookup.
 * The platform's patterns are all plain subjects (`Subjects` in @app/contracts); anything
 * that looks like JSON still goes Nest's way.
 */
export class SubjectServerNats extends ServerNats {
  protected override getRouteFromPattern(pattern: string): string {
    const first = pattern.charCodeAt(0);
    // '{', '[' or '"': JSON, as Nest reads it
    return first === 0x7b || first === 0x5b || first === 0x22 ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }
}
