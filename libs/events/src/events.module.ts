import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STREAM_MANAGER } from '@app/contracts';
import { ServiceConfig } from '@app/config';
import { connectNats } from '@app/messaging';
import { EVENTS_SCHEMA, IDEMPOTENCY_TTL_HOURS, JETSTREAM, OUTBOX_PARK_AFTER } from './tokens.js';
import { CreatedOnce } from './created-once.js';
import { EventMetrics } from './metrics.js';
import { Housekeeping } from './housekeeping.js';
import { awaitEventStream, ensureEventStream, type JetStreamHandles, nationalSources } from './stream.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './relay.js';
import { EventConsumers } from './consumer.js';
import { auditController, AuditTrail } from './audit.js';

/**
 * Durable events and the audit trail of one service: Outbox and AuditTrail to write in the
 * caller's transaction, the relay that publishes the outbox, EventConsumers for read
 * models, CreatedOnce for exactly-once creation behind an Idempotency-Key, and the
 * `<service>.audit.list` subject.
 */
@Module({})
export class EventsModule implements OnApplicationShutdown {
  constructor(@Inject(JETSTREAM) private readonly jetstream: JetStreamHandles) {}

  static forService(service: string, config: ServiceConfig): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      controllers: [auditController(service)],
      providers: [
        { provide: EVENTS_SCHEMA, useValue: service.replace(/-/g, '_') },
        { provide: 'DATABASE_URL', useValue: config.DATABASE_URL },
        { provide: IDEMPOTENCY_TTL_HOURS, useValue: config.IDEMPOTENCY_TTL_HOURS },
        { provide: OUTBOX_PARK_AFTER, useValue: config.OUTBOX_PARK_AFTER },
        {
          provide: JETSTREAM,
          useFactory: async () => {
            const nc = await connectNats(config, `${service}-events`);
            return service === EVENT_STREAM_MANAGER
              ? ensureEventStream(nc, config.JETSTREAM_REPLICAS, nationalSources(config))
              : awaitEventStream(nc, config.JETSTREAM_REPLICAS, new Logger(EventsModule.name));
          },
        },
        Outbox,
        OutboxRelay,
        EventConsumers,
        AuditTrail,
        CreatedOnce,
        EventMetrics,
        Housekeeping,
      ],
      exports: [Outbox, AuditTrail, EventConsumers, CreatedOnce, EVENTS_SCHEMA, JETSTREAM],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.jetstream.nc.isClosed()) await this.jetstream.nc.drain();
  }
}
