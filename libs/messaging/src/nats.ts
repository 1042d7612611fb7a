import { connect, NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';

export interface NatsSettings {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
}

/**
 * Connection options shared by Nest's NATS transport and the raw clients. A user receives
 * replies on its own inbox prefix `_INBOX.<user>`, the only inboxes it may subscribe to
 * (deploy/nats/permissions.json).
 */
export function natsOptions(settings: NatsSettings, name: string): NodeConnectionOptions {
  return {
    servers: settings.NATS_URL.split(','),
    name,
    ...(settings.NATS_USER ? { user: settings.NATS_USER, pass: settings.NATS_PASSWORD ?? '', inboxPrefix: `_INBOX.${settings.NATS_USER}` } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  };
}

export function connectNats(settings: NatsSettings, name: string): Promise<NatsConnection> {
  return connect(natsOptions(settings, name));
}
