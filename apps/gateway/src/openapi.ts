import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@app/config';
import { GatewayConfig } from './gateway.definition.js';
import { gatewayModule } from './gateway.module.js';
import { applyApiPrefix, openApiDocument } from './app.js';

/**
 * Writes the OpenAPI document without connecting to anything (Nest preview mode):
 * `npm run openapi` keeps openapi/openapi.json in step with the code.
 */
const config = loadConfig(GatewayConfig, { JWT_SECRET: 'openapi-generation-only-not-a-secret' });
const app = await NestFactory.create(gatewayModule(config), new FastifyAdapter(), { preview: true, logger: false });
applyApiPrefix(app);
const document = openApiDocument(app);
const out = process.argv[2] ?? 'openapi/openapi.json';
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`wrote ${out}: ${Object.keys(document.paths).length} paths\n`);
await app.close();
