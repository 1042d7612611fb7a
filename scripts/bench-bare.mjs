// The baseline of `npm run bench -- http`: a bare NestJS + Express app answering
// GET /health with {status:'ok'} on PORT, nothing else (no guards, middleware or logging).
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';

class HelloController {
  health() {
    return { status: 'ok' };
  }
}
Controller()(HelloController);
Get('health')(HelloController.prototype, 'health', Object.getOwnPropertyDescriptor(HelloController.prototype, 'health'));

class BareModule {}
Module({ controllers: [HelloController] })(BareModule);

// Express named: the issue defines the baseline as Nest on Express, whatever the gateway runs on
const app = await NestFactory.create(BareModule, new ExpressAdapter(), { logger: false });
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT));
process.stdout.write(`bare listening on ${process.env.PORT}\n`);
