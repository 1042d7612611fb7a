import { OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { BranchDto, DomainError, LicenceCheckResponse, type LicenceOperator, Subjects } from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';

/**
 * The outlets service's line to the supervision service (enterprise registry and licences)
 * over NATS request/reply. A supervision service that is down or slow makes every call a
 * 503 DomainError, so no filing is ever decided on an unknown licence state. Calls time out
 * before the gateway's own timeout, so the caller hears this service's 503 and its reason.
 */
export class SupervisionClient implements OnApplicationShutdown {
  private readonly requester: ServiceRequester;

  constructor(
    private readonly nc: NatsConnection,
    timeoutMs: number,
  ) {
    this.requester = new ServiceRequester(nc, timeoutMs);
  }

  /** The licence state of an enterprise on a business date; an unknown id is a 422 naming `field`. */
  async licence(enterpriseId: string, date: string, field: string, meta: RequestMeta): Promise<LicenceCheckResponse> {
    return this.requester.request(Subjects.supervision.licencesCheck, { enterpriseId, date }, meta).catch((err: unknown) => {
      throw unknownEnterprise(err, enterpriseId, field);
    });
  }

  /**
   * The licence state on a business date together with who the enterprise is and its credit
   * standing: one call where enterprise, credit and licence took three. An unknown id is a
   * 422 naming `field`.
   */
  async operatorLicence(enterpriseId: string, date: string, field: string, meta: RequestMeta): Promise<LicenceCheckResponse & { operator: LicenceOperator }> {
    const check = await this.requester.request(Subjects.supervision.licencesCheck, { enterpriseId, date, withOperator: true }, meta).catch((err: unknown) => {
      throw unknownEnterprise(err, enterpriseId, field);
    });
    if (!check.operator) throw new DomainError(500, 'REMOTE_ERROR', 'supervision answered a licence check without the operator');
    return { ...check, operator: check.operator };
  }

  /**
   * The branch an outlet filing names: it must be registered under the operator (422 on
   * `branchId` otherwise).
   */
  async branchOf(branchId: string, enterpriseId: string, meta: RequestMeta): Promise<BranchDto> {
    const branch = await this.requester.request(Subjects.supervision.branchesGet, { id: branchId }, meta).catch((err: unknown) => {
      if (err instanceof DomainError && err.status === 404) return null;
      throw err;
    });
    if (!branch || branch.enterpriseId !== enterpriseId) {
      throw DomainError.rule('UNKNOWN_BRANCH', `branch ${branchId} is not registered under the operator ${enterpriseId}`, [
        { field: 'branchId', message: 'not a branch or business office of the operator; see GET /api/v1/enterprises/{id}/branches' },
      ]);
    }
    return branch;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

function unknownEnterprise(err: unknown, enterpriseId: string, field: string): unknown {
  if (err instanceof DomainError && err.status === 404) {
    return DomainError.rule('UNKNOWN_ENTERPRISE', `enterprise ${enterpriseId} is not registered`, [
      { field, message: 'no registered express enterprise has this id; see GET /api/v1/enterprises' },
    ]);
  }
  return err;
}
