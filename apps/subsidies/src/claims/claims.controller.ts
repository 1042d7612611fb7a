import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ClaimTransitionRequest, CreateClaimRequest, IdRequest, ListClaimsRequest, ReconciliationRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { ClaimsService } from './claims.service.js';

@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @MessagePattern(Subjects.subsidies.claimsCreate)
  create(@Data() input: CreateClaimRequest, @Meta() meta: RequestMeta) {
    return this.claims.create(input, meta);
  }

  @MessagePattern(Subjects.subsidies.claimsTransition)
  transition(@Data() input: ClaimTransitionRequest, @Meta() meta: RequestMeta) {
    return this.claims.transition(input, meta);
  }

  @MessagePattern(Subjects.subsidies.claimsList)
  list(@Data() query: ListClaimsRequest, @Meta() meta: RequestMeta) {
    return this.claims.list(query, caller(meta));
  }

  @MessagePattern(Subjects.subsidies.claimsGet)
  get(@Data() input: IdRequest, @Meta() meta: RequestMeta) {
    return this.claims.get(input.id, meta);
  }

  @MessagePattern(Subjects.subsidies.claimsStatement)
  statement(@Data() input: IdRequest, @Meta() meta: RequestMeta) {
    return this.claims.statement(input.id, meta);
  }

  @MessagePattern(Subjects.subsidies.claimsReconciliation)
  reconciliation(@Data() query: ReconciliationRequest, @Meta() meta: RequestMeta) {
    return this.claims.reconciliation(query, meta);
  }
}
