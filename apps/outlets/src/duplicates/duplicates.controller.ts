import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DuplicateReviewMessage, ListDuplicatesRequest, Subjects } from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { DuplicatesService } from './duplicates.service.js';

@Controller()
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @MessagePattern(Subjects.outlets.duplicatesList)
  list(@Data() query: ListDuplicatesRequest, @Meta() meta: RequestMeta) {
    return this.duplicates.list(query, caller(meta));
  }

  @MessagePattern(Subjects.outlets.duplicatesReview)
  review(@Data() input: DuplicateReviewMessage, @Meta() meta: RequestMeta) {
    return this.duplicates.review(input, caller(meta), meta);
  }
}
