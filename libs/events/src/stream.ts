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
import { EVENT_STREAM, EVENT_SUBJECT_PREFIX } from '@app/contracts';

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
export function eventStreamConfig(replicas: number) {
  return {
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

export interface JetStreamHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** Creates the stream or brings its configuration up to date; safe to call from every service. */
export async function ensureEventStream(nc: NatsConnection, replicas = 1): Promise<JetStreamHandles> {
  const jsm = await jetstreamManager(nc);
  const config = eventStreamConfig(replicas);
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
