import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  BulletinIdMessage,
  CreateBulletinRequest,
  ListBulletinsQuery,
  PublicBulletinsQuery,
  PublishBulletinMessage,
  Subjects,
  UpdateBulletinWeightMessage,
} from '@app/contracts';
import { caller, Data, Meta, type RequestMeta } from '@app/messaging';
import { BulletinsService } from './bulletins.service.js';

@Controller()
export class BulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  @MessagePattern(Subjects.supervision.bulletinsCreate)
  create(@Data() input: CreateBulletinRequest, @Meta() meta: RequestMeta) {
    return this.bulletins.create(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.bulletinsList)
  list(@Data() query: ListBulletinsQuery, @Meta() meta: RequestMeta) {
    return this.bulletins.list(query, caller(meta));
  }

  @MessagePattern(Subjects.supervision.bulletinsGet)
  get(@Data() input: BulletinIdMessage, @Meta() meta: RequestMeta) {
    return this.bulletins.get(input, caller(meta));
  }

  @MessagePattern(Subjects.supervision.bulletinsPublish)
  publish(@Data() input: PublishBulletinMessage, @Meta() meta: RequestMeta) {
    return this.bulletins.publish(input, caller(meta), meta);
  }

  @MessagePattern(Subjects.supervision.bulletinsPublicList)
  publicList(@Data() query: PublicBulletinsQuery) {
    return this.bulletins.publicList(query);
  }

  @MessagePattern(Subjects.supervision.bulletinsPublicGet)
  publicGet(@Data() input: BulletinIdMessage) {
    return this.bulletins.publicGet(input);
  }

  @MessagePattern(Subjects.supervision.bulletinWeightsList)
  weights() {
    return this.bulletins.weights();
  }

  @MessagePattern(Subjects.supervision.bulletinWeightsUpdate)
  updateWeight(@Data() input: UpdateBulletinWeightMessage, @Meta() meta: RequestMeta) {
    return this.bulletins.updateWeight(input, meta);
  }
}
