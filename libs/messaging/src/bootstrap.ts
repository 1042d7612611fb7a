import 'reflect-metadata';
import { INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
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
    transport: Transport.NATS,
    options: { ...natsOptions(config, name), queue: name, gracefulShutdown: true, gracePeriod: 2000 },
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
