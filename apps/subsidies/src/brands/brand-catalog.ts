import { Inject, Injectable } from '@nestjs/common';
import { DomainError, Subjects } from '@app/contracts';
import { JETSTREAM, type JetStreamHandles } from '@app/events';
import { ServiceRequester, type RequestMeta } from '@app/messaging';
import { SubsidiesConfig } from '../subsidies.definition.js';

const FRESH_MS = 60_000;

/**
 * The courier brand code table, owned by supervision and asked for over NATS
 * (`supervision.brands.list`), kept for a minute. When supervision does not answer, the
 * last table read stays in use; with none read yet, the request fails with 503.
 */
@Injectable()
export class BrandCatalog {
  private readonly requester: ServiceRequester;
  private cached?: { codes: Set<string>; at: number };

  constructor(@Inject(JETSTREAM) jetstream: JetStreamHandles, config: SubsidiesConfig) {
    this.requester = new ServiceRequester(jetstream.nc, config.NATS_REQUEST_TIMEOUT_MS);
  }

  async codes(meta: RequestMeta): Promise<Set<string>> {
    if (this.cached && Date.now() - this.cached.at < FRESH_MS) return this.cached.codes;
    try {
      const list = await this.requester.request(Subjects.supervision.brandsList, {}, { principal: null, correlationId: meta.correlationId });
      this.cached = { codes: new Set(list.items.map((b) => b.code)), at: Date.now() };
    } catch (err) {
      if (!this.cached) {
        throw DomainError.unavailable(`the brand code table could not be read (${err instanceof Error ? err.message : 'supervision unavailable'})`);
      }
    }
    return this.cached.codes;
  }
}
