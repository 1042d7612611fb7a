import { Injectable } from '@nestjs/common';
import { DomainError, EnterprisePageDto, EnterpriseResponseDto, Subjects } from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';

const PAGE = 200;

/**
 * The express enterprise registry, asked over NATS (`supervision.enterprises.*`): the green
 * service keeps no copy, so a filing always names an enterprise as registered now.
 */
@Injectable()
export class EnterpriseRegistry {
  constructor(private readonly bus: ServiceRequester) {}

  async byUscc(uscc: string, meta: RequestMeta): Promise<EnterpriseResponseDto | null> {
    const page = await this.bus.request(Subjects.supervision.enterprisesList, { uscc, limit: 1 }, meta);
    return page.items[0] ?? null;
  }

  async byId(id: string, meta: RequestMeta): Promise<EnterpriseResponseDto | null> {
    try {
      return await this.bus.request(Subjects.supervision.enterprisesGet, { id }, meta);
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) return null;
      throw err;
    }
  }

  /** Every registered enterprise, paged through in the registry's order. */
  async all(meta: RequestMeta): Promise<EnterpriseResponseDto[]> {
    const out: EnterpriseResponseDto[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, unknown> = { limit: PAGE, ...(cursor ? { cursor } : {}) };
      const page: EnterprisePageDto = await this.bus.request(Subjects.supervision.enterprisesList, query, meta);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
