import { connect, NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';

export interface NatsSettings {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  NATS_TLS_CA_FILE?: string;
}

/**
 * Connection options shared by Nest's NATS transport and the raw clients. A user receives
 * replies on its own inbox prefix `_INBOX.<user>`, the only inboxes it may subscribe to
 * (deploy/nats/permissions.json). With NATS_TLS_CA_FILE the connection is TLS, the server's
 * certificate checked against that CA bundle (the Kubernetes cluster's NATS requires TLS);
 * without it, plain connections work where the server allows them (npm start, compose).
 */
export function natsOptions(settings: NatsSettings, name: string): NodeConnectionOptions {
  return {
    servers: settings.NATS_URL.split(','),
    name,
    ...(settings.NATS_USER ? { user: settings.NATS_USER, pass: settings.NATS_PASSWORD ?? '', inboxPrefix: `_INBOX.${settings.NATS_USER}` } : {}),
    ...(settings.NATS_TLS_CA_FILE ? { tls: { caFile: settings.NATS_TLS_CA_FILE } } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // no Error (and stack capture) made ahead of every request for a failure that seldom comes;
    // a failed request still says what failed (ServiceRequester turns it into a 503)
    noAsyncTraces: true,
  };
}

export function connectNats(settings: NatsSettings, name: string): Promise<NatsConnection> {
  return connect(natsOptions(settings, name));
}
