import { HTTP_CODE_METADATA, METHOD_METADATA, PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ParseUUIDPipe, RequestMethod, type INestApplication } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ERROR_CODES, ERROR_CODES_BY_SERVICE } from '@app/contracts';
import { maxHeaderSize } from 'node:http';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/**
 * Makes the generated OpenAPI document say what the code does, for every route, present and
 * future, without anything written twice:
 * - schema constraints from the class-validator decorators of each DTO (maxLength, maxItems,
 *   minimum/maximum, pattern, integer, enum, format date/uuid/email);
 * - the success status each handler really answers (201 for a POST unless @HttpCode says
 *   otherwise);
 * - the error responses of every operation as `application/problem+json` with one shared
 *   Problem schema, `Retry-After` on 429 and 503 and the rate-limit headers on every response;
 * - every error code (schema `ErrorCode`, by service in `x-codes-by-service`).
 */
export function completeDocument(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  describeConstraints(document);
  nullables(document);
  const handlers = routeHandlers(app);
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...PROBLEM_SCHEMAS };
  document.components.headers = { ...document.components.headers, ...HEADERS };
  document.components.responses = { ...document.components.responses, ...problemResponses() };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const handler = operation.operationId ? handlers.get(operation.operationId) : undefined;
      if (handler) {
        successStatus(operation, handler.status);
        describeParameters(operation, handler);
      }
      describeErrors(operation, !operation.security?.length);
    }
  }
  walkSchemas(document, numbersAndArrays);
  return document;
}

// ---------------------------------------------------------------- constraints

type Schema = SchemaObject & { nullable?: boolean };

function isSchema(value: SchemaObject | ReferenceObject | undefined): value is Schema {
  return value !== undefined && !('$ref' in value);
}

/** Validator names (class-validator's, and this platform's own) that say a string is a date or an identifier. */
/** Fixed lengths that go with a format or a platform validator. */
const LENGTHS: Record<string, [number, number]> = {
  isBusinessDate: [10, 10],
  isUuid: [36, 36],
  isUscc: [18, 18],
};

const FORMATS: Record<string, string> = {
  isBusinessDate: 'date',
  isDateString: 'date-time',
  isIso8601: 'date-time',
  isUuid: 'uuid',
  isEmail: 'email',
  isUrl: 'uri',
};

function applyConstraint(schema: Schema, meta: ValidationMetadata): void {
  const [first, second] = meta.constraints ?? [];
  switch (meta.name) {
    case 'maxLength':
      schema.maxLength = first;
      break;
    case 'minLength':
      schema.minLength = first;
      break;
    case 'isLength':
      schema.minLength = first;
      if (second !== undefined) schema.maxLength = second;
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'min':
      schema.minimum = first;
      break;
    case 'max':
      schema.maximum = first;
      break;
    case 'isPositive':
      schema.exclusiveMinimum = true;
      schema.minimum = 0;
      break;
    case 'matches': {
      schema.pattern = first instanceof RegExp ? first.source : String(first);
      const longest = patternMaxLength(schema.pattern);
      if (Number.isFinite(longest) && schema.maxLength === undefined) schema.maxLength = longest;
      break;
    }
    case 'arrayMaxSize':
      schema.maxItems = first;
      break;
    case 'arrayMinSize':
      schema.minItems = first;
      break;
    case 'arrayUnique':
      schema.uniqueItems = true;
      break;
    case 'isIn':
      if (Array.isArray(first) && !schema.enum) schema.enum = first;
      break;
    default:
      if (meta.name && LENGTHS[meta.name]) [schema.minLength, schema.maxLength] = LENGTHS[meta.name];
      if (meta.name && FORMATS[meta.name] && (schema.type === 'string' || schema.type === undefined)) {
        schema.type = 'string';
        schema.format = FORMATS[meta.name];
      }
  }
}

/**
 * The longest string an anchored pattern can match, or Infinity: enough of the regular
 * expression grammar for the patterns of the DTOs (classes, groups, alternation, escapes,
 * lookaheads and the ?, *, +, {n}, {n,}, {n,m} quantifiers).
 */
export function patternMaxLength(pattern: string): number {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return Infinity;
  let i = 1;
  const end = pattern.length - 1;
  const sequence = (): number => {
    let total = 0;
    let alternatives = 0;
    while (i < end && pattern[i] !== ')') {
      const ch = pattern[i];
      let last: number;
      if (ch === '|') {
        alternatives = Math.max(alternatives, total);
        total = 0;
        i += 1;
        continue;
      }
      if (ch === '(') {
        const lookahead = pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i);
        i += pattern.startsWith('(?:', i) || lookahead ? 3 : 1;
        const inner = sequence();
        i += 1; // ')'
        last = lookahead ? 0 : inner;
      } else if (ch === '[') {
        i = pattern.indexOf(']', pattern[i + 1] === ']' ? i + 2 : i + 1) + 1;
        if (i === 0) return Infinity;
        last = 1;
      } else {
        i += ch === '\\' ? 2 : 1;
        last = 1;
      }
      const quantifier = /^(\?|\*|\+|\{(\d+)(,(\d*))?\})/.exec(pattern.slice(i, i + 12));
      if (quantifier) {
        i += quantifier[0].length;
        if (quantifier[1] === '*' || quantifier[1] === '+' || quantifier[4] === '') return Infinity;
        last *= quantifier[1] === '?' ? 1 : Number(quantifier[4] ?? quantifier[2]);
      }
      total += last;
    }
    return Math.max(alternatives, total);
  };
  const longest = sequence();
  return i === end ? longest : Infinity;
}

const ARRAY_LEVEL = new Set(['arrayMaxSize', 'arrayMinSize', 'arrayNotEmpty', 'arrayUnique']);

/** Classes known to class-validator, by name (the name @nestjs/swagger gives their schema). */
type Class = abstract new (...args: never[]) => unknown;

function validatedClasses(): Map<string, Class> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  const classes = new Map<string, Class>();
  for (const target of storage.validationMetadatas.keys()) if (typeof target === 'function') classes.set(target.name, target as Class);
  return classes;
}

/** Applies the class-validator constraints of a class to the schemas of its properties. */
function constrain(target: Class, propertySchema: (property: string) => SchemaObject | ReferenceObject | undefined): void {
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(target as never, '', true, false)) {
    if (meta.type !== 'customValidation') continue;
    const property = propertySchema(meta.propertyName);
    if (!isSchema(property)) continue;
    const schema = meta.each && property.type === 'array' && !ARRAY_LEVEL.has(meta.name ?? '') ? property.items : property;
    if (isSchema(schema)) applyConstraint(schema, meta);
  }
}

function describeConstraints(document: OpenAPIObject): void {
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const target = classes.get(name);
    if (target && isSchema(schema)) constrain(target, (property) => schema.properties?.[property]);
  }
}

/** Query parameters get the constraints of their query class; path parameters parsed as UUIDs say so. */
function describeParameters(operation: OperationObject, handler: Handler): void {
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
  for (const query of handler.queryClasses) {
    constrain(query, (property) => parameters.find((p) => p.in === 'query' && p.name === property)?.schema);
  }
  for (const name of handler.uuidParams) {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (isSchema(schema)) Object.assign(schema, { type: 'string', format: 'uuid', maxLength: 36 });
  }
  for (const { schema } of parameters) {
    if (!isSchema(schema) || schema.type !== 'string') continue;
    // a parameter no validator limits is still bounded by the HTTP server's header size
    if (schema.maxLength === undefined && !schema.enum) schema.maxLength = maxHeaderSize;
    if (schema.default !== undefined && typeof schema.default !== 'string') schema.default = String(schema.default);
  }
}

/** Calls `visit` on every schema-like object of the document. */
function walkSchemas(node: unknown, visit: (schema: Schema) => void): void {
  if (Array.isArray(node)) {
    node.forEach((n) => walkSchemas(n, visit));
  } else if (node && typeof node === 'object') {
    if ('type' in node) visit(node as Schema);
    Object.values(node).forEach((n) => walkSchemas(n, visit));
  }
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * Integers say whether they fit 32 bits (from their bounds); an array of unique values of an
 * enum holds at most as many items as the enum has values.
 */
function numbersAndArrays(schema: Schema): void {
  if (schema.type === 'integer' && !schema.format) {
    const fits = schema.minimum !== undefined && schema.maximum !== undefined && schema.minimum >= -INT32_MAX - 1 && schema.maximum <= INT32_MAX;
    schema.format = fits ? 'int32' : 'int64';
  }
  if (schema.type === 'array' && schema.uniqueItems && schema.maxItems === undefined && isSchema(schema.items) && Array.isArray(schema.items.enum)) {
    schema.maxItems = schema.items.enum.length;
  }
}

/** A schema that admits null and nothing else (OpenAPI 3.0 has no null type). */
const NULL_ONLY: Schema = { type: 'object', nullable: true, enum: [null] };

/**
 * OpenAPI 3.0.3 reads `nullable` only beside `type` in the same schema: a nullable enum must
 * list null among its values, and a nullable reference (`nullable` beside `allOf: [$ref]`)
 * becomes "the referenced schema or null", which standard validators then accept.
 */
function nullables(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(nullables);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (schema.nullable === true && schema.allOf?.length === 1 && '$ref' in schema.allOf[0]) {
    schema.anyOf = [schema.allOf[0], NULL_ONLY];
    delete schema.allOf;
    delete schema.nullable;
    delete schema.type;
    return;
  }
  Object.values(node).forEach(nullables);
}

// ---------------------------------------------------------------- status codes

interface Handler {
  status: number;
  /** classes of `@Query()` arguments */
  queryClasses: Class[];
  /** names of `@Param(name, ParseUUIDPipe)` arguments */
  uuidParams: string[];
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function handlerOf(controller: Class, name: string, verb: RequestMethod, method: object): Handler {
  const status = (Reflect.getMetadata(HTTP_CODE_METADATA, method) as number | undefined) ?? (verb === RequestMethod.POST ? 201 : 200);
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata(PARAMTYPES_METADATA, controller.prototype as object, name) ?? []) as unknown[];
  const handler: Handler = { status, queryClasses: [], uuidParams: [] };
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = types[arg.index];
    if (kind === RouteParamtypes.QUERY && arg.data === undefined && typeof type === 'function') handler.queryClasses.push(type as Class);
    const uuid = (arg.pipes ?? []).some((pipe) => pipe === ParseUUIDPipe || pipe instanceof ParseUUIDPipe);
    if (kind === RouteParamtypes.PARAM && typeof arg.data === 'string' && uuid) handler.uuidParams.push(arg.data);
  }
  return handler;
}

/** Every route handler by the operation id @nestjs/swagger gives it (`Controller_method`). */
function routeHandlers(app: INestApplication): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const method = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof method !== 'function') continue;
        const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
        if (verb !== undefined) handlers.set(`${controller.name}_${name}`, handlerOf(controller, name, verb, method));
      }
    }
  }
  return handlers;
}

/** The documented success response moves to the status the handler answers with. */
function successStatus(operation: OperationObject, status: number): void {
  const key = String(status);
  if (operation.responses[key]) return;
  const other = ['200', '201'].find((k) => operation.responses[k]);
  if (!other) return;
  operation.responses[key] = operation.responses[other];
  delete operation.responses[other];
}

// ---------------------------------------------------------------- errors and headers

const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', maxLength: 200, description: 'The field or column at fault; stable across languages' },
      message: { type: 'string', maxLength: 2000, description: 'What is wrong, in the language of Accept-Language' },
    },
  },
  ErrorCode: {
    type: 'string',
    description: 'Stable machine-readable code of a problem; `x-codes-by-service` says who answers which (platform: any route)',
    enum: [...ERROR_CODES],
    'x-codes-by-service': ERROR_CODES_BY_SERVICE,
  } as SchemaObject,
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', maxLength: 200, description: 'urn:express-platform:problem:<code>' },
      title: { type: 'string', maxLength: 200 },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string', maxLength: 4000, description: 'In the language of Accept-Language (zh or English)' },
      instance: { type: 'string', maxLength: 2000 },
      code: { $ref: '#/components/schemas/ErrorCode' },
      correlationId: { type: 'string', maxLength: 200 },
      errors: { type: 'array', maxItems: 10_000, items: { $ref: '#/components/schemas/FieldError' } },
    },
  },
};

const COUNT: SchemaObject = { type: 'integer', format: 'int32', minimum: 0, maximum: INT32_MAX };

const HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed per window', schema: COUNT },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: COUNT },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: COUNT },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: COUNT },
};

const RATE_HEADERS: Record<string, ReferenceObject> = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};

const ERRORS: Record<string, string> = {
  '400': 'The request is malformed or fails validation',
  '401': 'No valid credentials',
  '403': 'The principal may not do this',
  '404': 'No such resource',
  '409': 'The resource is not in a state that allows this',
  '413': 'The body is over a limit (the cap is named)',
  '415': 'The media type is not accepted',
  '422': 'The request is well-formed but breaks a rule',
  '429': 'Too many requests; wait Retry-After seconds',
  '500': 'Unexpected error',
  '503': 'A service is down or did not answer in time; try again after Retry-After seconds',
};

function problemResponses(): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(ERRORS).map(([status, description]): [string, ResponseObject] => [
      `Problem${status}`,
      {
        description,
        headers: status === '429' || status === '503' ? { ...RATE_HEADERS, 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : RATE_HEADERS,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
}

/** The rate limit (a global guard) applies to every route, so every response carries its headers. */
function describeErrors(operation: OperationObject, isPublic: boolean): void {
  for (const response of Object.values(operation.responses) as Array<ResponseObject | ReferenceObject>) {
    if (!('$ref' in response)) response.headers = { ...RATE_HEADERS, ...response.headers };
  }
  const statuses = Object.keys(ERRORS).filter((status) => {
    if (status === '403' && isPublic) return false;
    if ((status === '413' || status === '415') && !operation.requestBody) return false;
    return true;
  });
  for (const status of statuses) operation.responses[status] ??= { $ref: `#/components/responses/Problem${status}` };
}
