import {
  DiscardPolicy,
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamClient,
  JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { EVENT_STREAM, EVENT_STREAM_MANAGER, EVENT_SUBJECT_PREFIX } from '@app/contracts';

const DAY_NS = 24 * 3600 * 1e9;
/** JetStream API error code "stream name already in use with a different configuration" */
const STREAM_NAME_IN_USE = 10058;

/**
 * The EVENTS stream: every domain event of every service, kept for 400 days (a read model
 * can be rebuilt by replaying it), file storage, limits retention, 1 MiB per message,
 * 2-minute duplicate window for Nats-Msg-Id dedup. Its size is bounded by the server's
 * `max_file_store` (deploy/) rather than a stream byte limit: a stream that reserves more
 * bytes than the server may store is refused at creation ("insufficient storage").
 */
export function eventStreamConfig(replicas: number, provinces: string[] = []) {
  return {
    ...(provinces.length > 0 ? { sources: provinces.map(provinceSource) } : {}),
    name: EVENT_STREAM,
    subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: 400 * DAY_NS,
    max_msg_size: 1024 * 1024,
    duplicate_window: 120 * 1e9,
    num_replicas: replicas,
  };
}

/** The JetStream domain of a province's NATS (a leaf node of the national NATS): `p<code>`. */
export function provinceDomain(province: string): string {
  return `p${province}`;
}

/**
 * The national EVENTS stream sources each province's EVENTS stream through the province's
 * JetStream domain, over its leaf-node connection; the province's server delivers to
 * `national.<code>.…`. The stream keeps the events' own subjects (nats-server 2.9 has no
 * subject transform on a source); every event names its province in its region codes.
 */
export function provinceSource(province: string) {
  return { name: EVENT_STREAM, external: { api: `$JS.${provinceDomain(province)}.API`, deliver: `national.${province}` } };
}

/** The provinces the national EVENTS stream sources (NATIONAL_SOURCES), none in a province's deployment. */
export function nationalSources(config: { SUPERVISION_SCOPE: string; NATIONAL_SOURCES?: string }): string[] {
  return config.SUPERVISION_SCOPE === 'national' && config.NATIONAL_SOURCES ? config.NATIONAL_SOURCES.split(',') : [];
}

export interface JetStreamHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * Creates the stream or brings its configuration up to date. Only the stream manager's NATS
 * user may (EVENT_STREAM_MANAGER, deploy/nats/permissions.json); the others await it. In the
 * national deployment it sources the EVENTS stream of each of `provinces`.
 */
export async function ensureEventStream(nc: NatsConnection, replicas = 1, provinces: string[] = []): Promise<JetStreamHandles> {
  const jsm = await jetstreamManager(nc);
  const config = eventStreamConfig(replicas, provinces);
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    try {
      await jsm.streams.add(config);
      return { nc, js: jetstream(nc), jsm };
    } catch (addErr) {
      // another service created it at the same moment
      if (!(addErr instanceof JetStreamApiError && addErr.code === STREAM_NAME_IN_USE)) throw addErr;
    }
  }
  await jsm.streams.update(EVENT_STREAM, config);
  return { nc, js: jetstream(nc), jsm };
}

const STREAM_WAIT_MS = 500;
const STREAM_WAIT_LOG_MS = 10_000;

/**
 * Waits for the stream its manager creates (a service other than EVENT_STREAM_MANAGER may
 * not create or change it), warning when its replicas are not the configured ones.
 */
export async function awaitEventStream(nc: NatsConnection, replicas: number, logger: Logger): Promise<JetStreamHandles> {
  const jsm = await jetstreamManager(nc);
  let lastLog = Date.now();
  for (;;) {
    try {
      const info = await jsm.streams.info(EVENT_STREAM);
      if (info.config.num_replicas !== replicas) {
        logger.warn(
          { stream: EVENT_STREAM, replicas: info.config.num_replicas, configured: replicas },
          `the stream's replicas are not JETSTREAM_REPLICAS; ${EVENT_STREAM_MANAGER} updates it`,
        );
      }
      return { nc, js: jetstream(nc), jsm };
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    }
    if (Date.now() - lastLog > STREAM_WAIT_LOG_MS) {
      logger.log(`waiting for the ${EVENT_STREAM} stream, which ${EVENT_STREAM_MANAGER} creates`);
      lastLog = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, STREAM_WAIT_MS));
  }
}
