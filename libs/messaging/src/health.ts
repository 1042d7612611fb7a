import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { HealthReply } from '@app/contracts';

/**
 * This process's own subject token: the host name (the pod name in Kubernetes) with every
 * character NATS does not allow in a token replaced by `_`. scripts/nats-health.mjs computes
 * the same.
 */
export function instanceToken(host = hostname()): string {
  return host.replace(/[^A-Za-z0-9_-]/g, '_');
}

export type { HealthReply } from '@app/contracts';

/**
 * `<service>.health.ping`: answers while the service's database answers; any replica of the
 * queue group may answer it, and the gateway's readiness asks every service this.
 * `<service>.health.ping.<instance>` is the same check answered by this process alone: the
 * container probes (scripts/nats-health.mjs) ask it, so that one replica's probe is never
 * answered by another.
 */
export function healthController(service: string): Type {
  @Controller()
  class ServiceHealthController {
    constructor(private readonly dataSource: DataSource) {}

    @MessagePattern(`${service}.health.ping`)
    ping(): Promise<HealthReply> {
      return this.check();
    }

    @MessagePattern(`${service}.health.ping.${instanceToken()}`)
    pingInstance(): Promise<HealthReply> {
      return this.check();
    }

    private async check(): Promise<HealthReply> {
      await this.dataSource.query('SELECT 1');
      return { service, instance: instanceToken(), database: 'up' };
    }
  }
  return ServiceHealthController;
}
