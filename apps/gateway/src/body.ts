import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { DomainError } from '@app/contracts';
import { keepRawBody } from './idempotency/idempotency.js';

export interface BodyLimits {
  /** bytes on every route but the bulk ones */
  normal: number;
  /** bytes on the bulk routes */
  bulk: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TEXT_TYPES = new Set(['text/csv', 'text/plain', 'application/x-ndjson']);
/** binary bodies of the bulk routes (spreadsheets, NDJSON sent as bytes) */
const BULK_RAW_TYPES = new Set([XLSX, 'application/octet-stream']);
/** material files of licence applications: the route caps them lower and checks their content */
const FILE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);

type Kind = 'json' | 'text' | 'raw';

/** What a body of this media type becomes on a bulk route or another one; undefined: it is left unread. */
function kindOf(mediaType: string, bulk: boolean): Kind | undefined {
  if (mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'))) return 'json';
  if (TEXT_TYPES.has(mediaType)) return 'text';
  if ((bulk ? BULK_RAW_TYPES : FILE_TYPES).has(mediaType)) return 'raw';
  return undefined;
}

/** `512kb`, `32mb` (GatewayConfig's format) in bytes. */
export function byteSize(limit: string): number {
  const m = /^(\d+)(kb|mb)$/.exec(limit);
  if (!m) throw new Error(`not a size: ${limit}`);
  return Number(m[1]) * (m[2] === 'kb' ? 1024 : 1024 * 1024);
}

/**
 * The gateway's one body parser, for every content type: JSON (application/json and
 * application/*+json), text (CSV, plain text, NDJSON) and bytes (spreadsheets and
 * application/octet-stream on the bulk routes, PDF/JPEG/PNG on the others). A body of
 * any other type, or on a route that does not exist, is not read (the route's validation
 * answers for it); Fastify reads no body of a GET or of a request that declares none.
 * `bulkRoutes` matches the route patterns whose bodies may reach `limits.bulk` bytes.
 */
export function bodyParser(instance: FastifyInstance, limits: BodyLimits, bulkRoutes: RegExp): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', (request: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
    const [mediaType, charset] = mediaTypeOf(request.headers['content-type']);
    const route = request.is404 ? undefined : request.routeOptions.url;
    const bulk = route !== undefined && bulkRoutes.test(route);
    const kind = route === undefined ? undefined : kindOf(mediaType, bulk);
    if (kind === undefined) return done(null, undefined);
    readBody(request, payload, bulk ? limits.bulk : limits.normal, (err, bytes) => {
      if (err) return done(err);
      try {
        done(null, decode(request, kind, charset, bytes as Buffer));
      } catch (error) {
        done(error as Error);
      }
    });
  });
}

/** The media type (lower case, no parameters) and the charset parameter of a Content-Type header. */
function mediaTypeOf(header: string | undefined): [string, string | undefined] {
  if (!header) return ['', undefined];
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const charset = semicolon === -1 ? undefined : /(?:^|;)\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header.slice(semicolon))?.[1]?.toLowerCase();
  return [mediaType, charset];
}

function decode(request: FastifyRequest, kind: Kind, charset: string | undefined, bytes: Buffer): unknown {
  if (kind === 'raw') return bytes;
  if (kind === 'json') {
    if (charset !== undefined && !charset.startsWith('utf-')) throw unreadable(415, `unsupported charset "${charset.toUpperCase()}"`);
    const text = textOf(bytes, charset ?? 'utf-8');
    const value = parseJson(text);
    keepRawBody(request, bytes);
    return value;
  }
  return textOf(bytes, charset ?? 'utf-8');
}

function textOf(bytes: Buffer, charset: string): string {
  if (charset === 'utf-8' || charset === 'utf8') return bytes.toString('utf8');
  // another charset as Express's parsers took it (GBK, GB18030, UTF-16 …), by its WHATWG label
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw unreadable(415, `unsupported charset "${charset.toUpperCase()}"`);
  }
}

const JSON_WHITESPACE = ' \t\n\r';

/** JSON as Express's parser took it (strict): an empty body is `{}`, and only an object or an array is a body. */
function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  let i = 0;
  while (i < text.length && JSON_WHITESPACE.includes(text[i])) i++;
  if (text[i] !== '{' && text[i] !== '[') throw malformed('a JSON body must be an object or an array');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

const malformed = (message: string) => new DomainError(400, 'MALFORMED_BODY', `the request body could not be read: ${message}`);
const unreadable = (status: number, message: string) => new DomainError(status, 'BAD_BODY', `the request body could not be read: ${message}`);
const tooLarge = (request: FastifyRequest) =>
  new DomainError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than this endpoint accepts (${request.originalUrl.split('?')[0]})`);

/**
 * Reads the body to its end, up to `limit` bytes after decompression (gzip, deflate and br,
 * as Express's parsers did): past it, or when the declared length already is, a 413 at once
 * and the rest is not read; a body shorter or longer than its Content-Length is a 400.
 */
function readBody(request: FastifyRequest, payload: IncomingMessage, limit: number, done: (err: Error | null, body?: Buffer) => void): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
  if (encoding === 'identity' && declared !== undefined && declared > limit) return done(tooLarge(request));
  let stream: Readable;
  if (encoding === 'identity') stream = payload;
  else if (encoding === 'gzip' || encoding === 'x-gzip') stream = payload.pipe(createGunzip());
  else if (encoding === 'deflate') stream = payload.pipe(createInflate());
  else if (encoding === 'br') stream = payload.pipe(createBrotliDecompress());
  else return done(unreadable(415, `unsupported content encoding "${encoding}"`));

  const chunks: Buffer[] = [];
  let received = 0;
  let finished = false;
  const finish = (err: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    stream.removeListener('data', onData);
    stream.removeListener('end', onEnd);
    stream.removeListener('error', onError);
    payload.removeListener('aborted', onAborted);
    if (err) {
      if (stream !== payload) payload.unpipe();
      payload.pause();
    }
    done(err, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) return finish(tooLarge(request));
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (encoding === 'identity' && declared !== undefined && received !== declared) {
      return finish(unreadable(400, 'request size did not match content length'));
    }
    finish(null, Buffer.concat(chunks, received));
  };
  const onError = (err: Error) => finish(unreadable(400, err.message));
  const onAborted = () => finish(unreadable(400, 'request aborted'));
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  payload.on('aborted', onAborted);
}
