import { Injectable } from '@nestjs/common';
import { type BranchDto, DomainError, FieldError } from '@app/contracts';
import type { RequestMeta } from '@app/messaging';
import { SupervisionClient } from '@app/supervision-client';
import { inTerritory } from '../filings/outlet.rules.js';

export interface Operated {
  enterpriseId: string;
  sharedEnterpriseIds: string[];
  regionCode: string;
}

export interface OperatorFacts {
  name: string;
  uscc: string;
  licenceNumber: string;
  /** the operator's credit standing: a filing by an enterprise under joint discipline is flagged for review */
  credit: OperatorCredit;
}

export interface OperatorCredit {
  jointDiscipline: boolean;
  score: number | null;
  reasons: string[];
}

/**
 * Checks with the supervision service that the operator (and every enterprise sharing the
 * outlet) holds an express business licence valid on `date`, and that the outlet lies in
 * the operator's licensed territory. Refusals are 422s naming the field; a supervision
 * service that does not answer is a 503.
 */
@Injectable()
export class LicenceGate {
  constructor(private readonly supervision: SupervisionClient) {}

  /**
   * `actingUscc`: when given (a courier files), the operator must be the enterprise the
   * caller's organisation is tied to by its credit code; null means the organisation has none.
   */
  async verify(outlet: Operated, date: string, meta: RequestMeta, actingUscc?: string | null): Promise<OperatorFacts> {
    // the operator's licence, name, credit code and credit standing in one call; one licence check per sharing enterprise
    const [own, ...shared] = await Promise.all([
      this.supervision.operatorLicence(outlet.enterpriseId, date, meta).then((check) => check ?? unknownEnterprise(outlet.enterpriseId, 'enterpriseId')),
      ...outlet.sharedEnterpriseIds.map((id, i) =>
        this.supervision.licence(id, date, meta).then((check) => check ?? unknownEnterprise(id, `sharedEnterpriseIds.${i}`)),
      ),
    ]);
    const { operator } = own;
    const { credit } = operator;
    const checks = [own, ...shared];
    if (actingUscc !== undefined && actingUscc !== operator.uscc) {
      throw new DomainError(
        403,
        'NOT_OWN_ENTERPRISE',
        actingUscc === null
          ? 'your organisation is not tied to an enterprise (it has no credit code); ask the administration to record it'
          : `your organisation acts for the enterprise with credit code ${actingUscc}, not for ${operator.name}`,
      );
    }
    const invalid: FieldError[] = checks
      .map((check, i) => ({ check, field: i === 0 ? 'enterpriseId' : `sharedEnterpriseIds.${i - 1}` }))
      .filter(({ check }) => !check.valid)
      .map(({ check, field }) => ({ field, message: `licence ${check.licenceNumber} is ${check.status} on ${date}` }));
    if (invalid.length > 0) {
      throw DomainError.rule('LICENCE_NOT_VALID', `an outlet may be filed only for enterprises with an express business licence valid on ${date}`, invalid);
    }
    if (!inTerritory(outlet.regionCode, own.territory)) {
      throw DomainError.rule('OUTSIDE_LICENCE_TERRITORY', `${outlet.regionCode} lies outside the operator's licensed territory`, [
        { field: 'regionCode', message: `the licence ${own.licenceNumber} covers ${own.territory.join(', ')}` },
      ]);
    }
    return {
      name: operator.name,
      uscc: operator.uscc,
      licenceNumber: own.licenceNumber,
      credit: { jointDiscipline: credit.jointDiscipline, score: credit.score, reasons: credit.reasons },
    };
  }

  /**
   * The branch an outlet filing names: it must be registered under the operator (422 on
   * `branchId` otherwise).
   */
  async branch(branchId: string, enterpriseId: string, meta: RequestMeta): Promise<BranchDto> {
    const branch = await this.supervision.branch(branchId, meta);
    if (!branch || branch.enterpriseId !== enterpriseId) {
      throw DomainError.rule('UNKNOWN_BRANCH', `branch ${branchId} is not registered under the operator ${enterpriseId}`, [
        { field: 'branchId', message: 'not a branch or business office of the operator; see GET /api/v1/enterprises/{id}/branches' },
      ]);
    }
    return branch;
  }
}

/** An enterprise id supervision does not know: a 422 naming `field`. */
function unknownEnterprise(enterpriseId: string, field: string): never {
  throw DomainError.rule('UNKNOWN_ENTERPRISE', `enterprise ${enterpriseId} is not registered`, [
    { field, message: 'no registered express enterprise has this id; see GET /api/v1/enterprises' },
  ]);
}
