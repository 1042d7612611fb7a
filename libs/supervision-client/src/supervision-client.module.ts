import { type DynamicModule, Module } from '@nestjs/common';
import { JETSTREAM, type JetStreamHandles } from '@app/events';
import { ServiceRequester } from '@app/messaging';
import { SupervisionClient, supervisionTimeoutMs } from './supervision.client.js';

/**
 * Gives a service the SupervisionClient. Its requests share the NATS connection of the
 * service's EventsModule (which drains it at shutdown) and wait supervisionTimeoutMs of the
 * service's NATS_REQUEST_TIMEOUT_MS.
 */
@Module({})
export class SupervisionClientModule {
  static forService(config: { NATS_REQUEST_TIMEOUT_MS: number }): DynamicModule {
    return {
      module: SupervisionClientModule,
      providers: [
        {
          provide: SupervisionClient,
          inject: [JETSTREAM],
          useFactory: (handles: JetStreamHandles) =>
            new SupervisionClient(new ServiceRequester(handles.nc, supervisionTimeoutMs(config.NATS_REQUEST_TIMEOUT_MS))),
        },
      ],
      exports: [SupervisionClient],
    };
  }
}
