import { loadConfigOrExit } from '@app/config';
import { migrateSchema } from '@app/database';
import { schemaOptionsOf } from '@app/messaging';
import { gateway, GatewayConfig } from './gateway.definition.js';
import { createGateway } from './app.js';
import { IdentityService } from './identity/identity.service.js';

const config = loadConfigOrExit(GatewayConfig);
if (config.MIGRATE_AT_START === 'true') await migrateSchema(schemaOptionsOf(gateway, config));
const app = await createGateway(config);
await app.get(IdentityService).ensureFirstAdmin(config.ADMIN_USERNAME, config.ADMIN_PASSWORD, config.ADMIN_PASSWORD_FILE);
// every interface, IPv6 and IPv4, as Node listens without a host (Fastify's default is localhost only)
await app.listen(config.PORT, '::');
process.stdout.write(`gateway listening on http://127.0.0.1:${config.PORT} (API docs at /docs)\n`);
