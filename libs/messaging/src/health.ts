import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';

/**
 * `<service>.health.ping`: answers while the service's database answers. The gateway's
 * readiness asks every service this.
 */
export function healthController(service: string): Type {
  @Controller()
  class ServiceHealthController {
    constructor(private readonly dataSource: DataSource) {}

    @MessagePattern(`${service}.health.ping`)
    async ping(): Promise<{ service: string; database: 'up' }> {
      await this.dataSource.query('SELECT 1');
      return { service, database: 'up' };
    }
  }
  return ServiceHealthController;
}
