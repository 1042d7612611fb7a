import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DuplicateReviewMessage, ListDuplicatesRequest, Role, Subjects } from '@app/contracts';
import { Data, Meta, type RequestMeta } from '@app/messaging';
import { actor } from '../filings/scope.js';
import { DuplicatesService } from './duplicates.service.js';

@Controller()
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @MessagePattern(Subjects.outlets.duplicatesList)
  list(@Data() query: ListDuplicatesRequest, @Meta() meta: RequestMeta) {
    return this.duplicates.list(query, actor(meta, Role.Admin, Role.Staff, Role.Auditor));
  }

  @MessagePattern(Subjects.outlets.duplicatesReview)
  review(@Data() input: DuplicateReviewMessage, @Meta() meta: RequestMeta) {
    return this.duplicates.review(input, actor(meta, Role.Admin, Role.Staff), meta);
  }
}
