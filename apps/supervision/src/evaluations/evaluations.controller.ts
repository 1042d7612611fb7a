import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AnnualEvaluationQuery,
  CreateQualityEvaluationRequest,
  PublicEvaluationsQuery,
  QualityEvaluationIdRequest,
  Subjects,
  UpdateQualitySettingsRequest,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { AnnualEvaluationService } from './annual-evaluation.service.js';
import { QualityEvaluationsService } from './quality-evaluations.service.js';

@Controller()
export class EvaluationsController {
  constructor(
    private readonly quality: QualityEvaluationsService,
    private readonly annualEvaluation: AnnualEvaluationService,
  ) {}

  @MessagePattern(Subjects.supervision.qualityEvaluationsCreate)
  create(@Data() input: CreateQualityEvaluationRequest, @Meta() meta: RequestMeta) {
    return this.quality.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.qualityEvaluationsGet)
  get(@Data() input: QualityEvaluationIdRequest, @Meta() meta: RequestMeta) {
    return this.quality.get(input.id, caller(meta));
  }

  @MessagePattern(Subjects.supervision.qualityEvaluationsPublish)
  publish(@Data() input: QualityEvaluationIdRequest, @Meta() meta: RequestMeta) {
    return this.quality.publish(input.id, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.qualityEvaluationsPublicList)
  publicList(@Data() query: PublicEvaluationsQuery) {
    return this.quality.publicList(query);
  }

  @MessagePattern(Subjects.supervision.qualitySettingsGet)
  settings() {
    return this.quality.settings();
  }

  @MessagePattern(Subjects.supervision.qualitySettingsUpdate)
  updateSettings(@Data() input: UpdateQualitySettingsRequest, @Meta() meta: RequestMeta) {
    return this.quality.updateSettings(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.annualEvaluationGet)
  annual(@Data() query: AnnualEvaluationQuery) {
    return this.annualEvaluation.evaluate(query.year);
  }
}
