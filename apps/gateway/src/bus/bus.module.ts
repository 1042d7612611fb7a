import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, ServiceRequester } from '@app/messaging';
import { GatewayConfig } from '../gateway.definition.js';
import { Metrics } from '../metrics/metrics.js';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

/** The gateway's NATS connection and the requester every proxy controller uses. */
@Global()
@Module({
  providers: [
    Metrics,
    {
      provide: NATS_CONNECTION,
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => connectNats(config, 'gateway'),
    },
    {
      provide: ServiceRequester,
      inject: [NATS_CONNECTION, GatewayConfig, Metrics],
      useFactory: (nc: NatsConnection, config: GatewayConfig, metrics: Metrics) =>
        new ServiceRequester(nc, config.NATS_REQUEST_TIMEOUT_MS, (subject, seconds, outcome) => metrics.nats.observe({ subject, outcome }, seconds)),
    },
  ],
  exports: [NATS_CONNECTION, ServiceRequester, Metrics],
})
export class BusModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
