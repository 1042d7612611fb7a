import type { Principal } from '@app/contracts';
import type { FastifyRequest } from 'fastify';

/** An HTTP request as the gateway's guards set it up: the authenticated principal; its id is the correlation id. */
export type PlatformRequest = FastifyRequest & { principal?: Principal };
