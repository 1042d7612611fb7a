import type { Principal } from '@app/contracts';
import type { Request } from 'express';

/** An HTTP request as the gateway's guards set it up: the authenticated principal and the request id. */
export type PlatformRequest = Request & { principal?: Principal; id?: string | number | object };
