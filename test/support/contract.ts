import ajvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// CommonJS modules: their classes and functions are on `default` under nodenext
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;

/**
 * Checks responses of the gateway against the OpenAPI document it serves at /docs-json: the
 * status must be documented for the operation, and a JSON body must match the documented
 * schema of its media type. A mismatch throws, so the test that received the response fails.
 */
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }>>;
  components?: { responses?: Record<string, { content?: Record<string, unknown> }> };
}

interface Contract {
  document: OpenApi;
  ajv: InstanceType<typeof Ajv>;
  routes: Array<{ template: string; pattern: RegExp; params: number }>;
  validators: Map<string, ValidateFunction>;
}

const originalFetch = globalThis.fetch;
const contracts = new Map<string, Promise<Contract>>();

async function load(origin: string): Promise<Contract> {
  const res = await originalFetch(`${origin}/docs-json`);
  if (res.status !== 200) throw new Error(`GET ${origin}/docs-json answered ${res.status}`);
  const document = (await res.json()) as OpenApi;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document as object, 'openapi.json');
  const routes = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    params: (template.match(/\{/g) ?? []).length,
  }));
  routes.sort((a, b) => a.params - b.params);
  return { document, ajv, routes, validators: new Map() };
}

function contractOf(origin: string): Promise<Contract> {
  let found = contracts.get(origin);
  if (!found) {
    found = load(origin);
    found.catch(() => contracts.delete(origin));
    contracts.set(origin, found);
  }
  return found;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The problems of one response against the document, empty when it matches. */
export async function responseMismatches(url: string, method: string, status: number, contentType: string | null, body: string): Promise<string[]> {
  const { origin, pathname } = new URL(url);
  if (!pathname.startsWith('/api/') && !pathname.startsWith('/health')) return [];
  const contract = await contractOf(origin);
  const route = contract.routes.find((r) => r.pattern.test(pathname));
  const verb = method.toLowerCase();
  const operation = route && contract.document.paths[route.template][verb];
  if (!route || !operation) return [];
  const where = `${method.toUpperCase()} ${route.template} → ${status}`;
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k]);
  if (!key) return [`${where}: status ${status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  let response = operation.responses[key];
  let location = pointer('paths', route.template, verb, 'responses', key);
  if (response.$ref) {
    const name = response.$ref.split('/').pop() as string;
    response = contract.document.components?.responses?.[name] ?? {};
    location = pointer('components', 'responses', name);
  }
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!response.content) return body.length === 0 || status === 304 ? [] : [`${where}: a body of ${media || 'no type'} where none is documented`];
  if (!response.content[media]) {
    if (body.length === 0 && status >= 300) return [];
    return [`${where}: media type ${media || 'none'} is not documented (documented: ${Object.keys(response.content).join(', ')})`];
  }
  if (!media.endsWith('json')) return [];
  const ref = `openapi.json#/${location}/content/${pointer(media)}/schema`;
  const validate = contract.validators.get(ref) ?? contract.ajv.compile({ $ref: ref });
  contract.validators.set(ref, validate);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return [`${where}: the body is not JSON`];
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Throws when a response does not match the document. */
export async function checkResponse(url: string, method: string, status: number, contentType: string | null, body: string): Promise<void> {
  const problems = await responseMismatches(url, method, status, contentType, body);
  if (problems.length > 0) throw new Error(`the response does not match the OpenAPI document:\n${problems.join('\n')}`);
}

/** fetch that checks every response from a gateway against its document before handing it over. */
export const checkedFetch: typeof fetch = async (input, init) => {
  const res = await originalFetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const type = res.headers.get('content-type');
  const text = type && !/json|text|csv/.test(type) ? '' : await res.clone().text();
  await checkResponse(url, method, res.status, type, type && !/json/.test(type) ? '' : text);
  return res;
};
