import { connect, NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';

export interface NatsSettings {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
}

/** Connection options shared by Nest's NATS transport and the raw clients. */
export function natsOptions(settings: NatsSettings, name: string): NodeConnectionOptions {
  return {
    servers: settings.NATS_URL.split(','),
    name,
    ...(settings.NATS_USER ? { user: settings.NATS_USER, pass: settings.NATS_PASSWORD ?? '' } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  };
}

export function connectNats(settings: NatsSettings, name: string): Promise<NatsConnection> {
  return connect(natsOptions(settings, name));
}
