import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import SCIMMY from 'scimmy';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { ScimGroupRow } from '../../db/schema.js';
import { MAX_REQUEST_BODY } from '../body-limit.js';
import { ENTERPRISE_USER, mapUser, placement, userResource, type ScimUserInput } from '../../integrations/identity/scim-mapping.js';

// kaiku as a SCIM 2.0 service provider (RFC 7643/7644) for the organisation's directory (Entra ID's provisioning
// service, Okta, Keycloak …). SCIMMY does the protocol: the schemas and their coercion, filters, PATCH with path
// filters, list responses, error bodies and the discovery resources; kaiku's handlers below only read and write
// the store, each request in one transaction, so a refused request changes nothing.

export interface ScimDeps {
  store: Store;
  config: KaikuConfig;
  token: string;
  log: Logger;
}

interface HandlerContext {
  store: Store;
  config: KaikuConfig;
  /** Group rows as they were before this request changed them (a renamed group's old name gave topics too). */
  before: ScimGroupRow[];
  log: Logger;
}

/**
 * SCIMMY answers 404 for any error a handler throws that is not its own (a database that went away would tell the
 * directory that the user is gone): every handler's other errors become a logged 500.
 */
function guarded<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof ScimError) throw error;
      (args.at(-1) as HandlerContext).log.error({ err: error }, 'SCIM handler failed');
      throw new ScimError(500, null as unknown as string, 'Something went wrong on our side; the error is in the server log');
    }
  };
}

const SCIM_JSON = 'application/scim+json; charset=utf-8';
const { Error: ScimError } = SCIMMY.Types;
/** RFC 7644 §3.12: a 404 carries no scimType. */
const notFound = (id: string | undefined) => new ScimError(404, null as unknown as string, `Resource ${id} not found`);

let declared = false;
/** SCIMMY's registry is process-wide: the resources are declared once, their handlers take the request's store as context. */
function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({
    documentationUri: 'https://github.com/kaiku-advocacy/kaiku/blob/main/docs/identity.md',
    patch: true,
    filter: 200,
    bulk: false,
    sort: false,
    etag: false,
    changePassword: false,
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'The SCIM_TOKEN of this kaiku, sent as Authorization: Bearer …', primary: true },
    ],
  });
  const { User, Group } = SCIMMY.Resources;
  User.extend(SCIMMY.Schemas.EnterpriseUser, false);
  User.basepath('/scim/v2');
  Group.basepath('/scim/v2');
  User.egress(guarded((resource: InstanceType<typeof User>, ctx: HandlerContext) => readUsers(resource, ctx)))
    .ingress(
      guarded((resource: InstanceType<typeof User>, instance: unknown, ctx: HandlerContext) =>
        writeUser(resource.id, instance as unknown as ScimUserInput, ctx),
      ),
    )
    .degress(
      guarded(async (resource: InstanceType<typeof User>, ctx: HandlerContext) => {
        const [found] = await ctx.store.advocates.scim.users({ id: numericId(resource.id) });
        if (!found) throw notFound(resource.id);
        await ctx.store.privacy.erase(found.advocate.id, 'scim');
      }),
    );
  SCIMMY.Resources.declare(User);
  Group.egress(guarded((resource: InstanceType<typeof Group>, ctx: HandlerContext) => readGroups(resource, ctx)))
    .ingress(guarded((resource: InstanceType<typeof Group>, instance: unknown, ctx: HandlerContext) => writeGroup(resource.id, instance as never, ctx)))
    .degress(
      guarded(async (resource: InstanceType<typeof Group>, ctx: HandlerContext) => {
        const [group] = await ctx.store.advocates.scim.groups({ id: resource.id! });
        if (!group) throw notFound(resource.id);
        const members = await ctx.store.advocates.scim.deleteGroup(group.id);
        await place(members, { ...ctx, before: [group] });
      }),
    );
  SCIMMY.Resources.declare(Group);
  // The discovery resources are SCIMMY's own (declared by it); they need only their location.
  SCIMMY.Resources.ServiceProviderConfig.basepath('/scim/v2');
  SCIMMY.Resources.ResourceType.basepath('/scim/v2');
  SCIMMY.Resources.Schema.basepath('/scim/v2');
}

/** Advocate ids are numbers; anything else names no user (and must not reach SQL as a bigint). */
const numericId = (id: string | undefined) => (id && /^\d{1,18}$/.test(id) ? id : '0');

/** `attr eq "value"` on an attribute the store can look up directly: the query Entra sends before every create. */
function directLookup(filter: unknown, attributes: string[]): Record<string, string> | undefined {
  if (!Array.isArray(filter) || filter.length !== 1) return undefined;
  const entries = Object.entries(filter[0] as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [attribute, expression] = entries[0]!;
  if (!Array.isArray(expression) || expression[0] !== 'eq' || typeof expression[1] !== 'string') return undefined;
  const key = attributes.find((a) => a.toLowerCase() === attribute.toLowerCase());
  return key ? { [key]: expression[1] } : undefined;
}

async function readUsers(resource: InstanceType<typeof SCIMMY.Resources.User>, ctx: HandlerContext) {
  if (resource.id) {
    const [found] = await ctx.store.advocates.scim.users({ id: numericId(resource.id) });
    if (!found) throw notFound(resource.id);
    return userResource(found.advocate, found.scim, found.groups);
  }
  const lookup = directLookup(resource.filter, ['userName', 'externalId', 'id']);
  const rows = await ctx.store.advocates.scim.users(lookup?.id !== undefined ? { id: numericId(lookup.id) } : lookup);
  const users = rows.map((row) => userResource(row.advocate, row.scim, row.groups));
  // A direct lookup answered the whole filter (userName case-insensitively, as RFC 7643 defines it).
  return resource.filter && !lookup ? resource.filter.match(users) : users;
}

async function writeUser(id: string | undefined, instance: ScimUserInput, ctx: HandlerContext) {
  const mapped = mapUser(instance, ctx.config);
  if (!mapped.ok) throw new ScimError(400, 'invalidValue', mapped.detail);
  let written;
  if (id) {
    const [found] = await ctx.store.advocates.scim.users({ id: numericId(id) });
    if (!found) throw notFound(id);
    written = await ctx.store.advocates.scim.replaceUser(found.advocate.id, mapped.user);
  } else {
    written = await ctx.store.advocates.scim.createUser(mapped.user);
  }
  if (!written.ok) throw new ScimError(409, 'uniqueness', written.conflict);
  await place([written.value], ctx);
  const [stored] = await ctx.store.advocates.scim.users({ id: written.value });
  return userResource(stored!.advocate, stored!.scim, stored!.groups);
}

function groupResource(group: ScimGroupRow & { members: { id: string; name: string }[] }) {
  return {
    id: String(group.id),
    displayName: group.display_name,
    ...(group.external_id ? { externalId: group.external_id } : {}),
    members: group.members.map((m) => ({ value: String(m.id), display: m.name, type: 'User' })),
    meta: { resourceType: 'Group', created: group.created_at, lastModified: group.updated_at },
  };
}

async function readGroups(resource: InstanceType<typeof SCIMMY.Resources.Group>, ctx: HandlerContext) {
  if (resource.id) {
    const [group] = await ctx.store.advocates.scim.groups({ id: resource.id });
    if (!group) throw notFound(resource.id);
    return groupResource(group);
  }
  const lookup = directLookup(resource.filter, ['displayName', 'externalId', 'id']);
  const groups = (await ctx.store.advocates.scim.groups(lookup)).map(groupResource);
  return resource.filter && !lookup ? resource.filter.match(groups) : groups;
}

async function writeGroup(
  id: string | undefined,
  instance: { displayName?: string; externalId?: string; members?: { value?: string }[] },
  ctx: HandlerContext,
) {
  const displayName = instance.displayName?.trim();
  if (!displayName) throw new ScimError(400, 'invalidValue', 'displayName is required');
  const members = (instance.members ?? []).map((m) => String(m.value ?? ''));
  let groupId = id;
  let before: ScimGroupRow[] = [];
  if (!groupId) {
    groupId = randomUUID();
    const created = await ctx.store.advocates.scim.createGroup({ id: groupId, displayName, externalId: instance.externalId?.trim() || null });
    if (!created.ok) throw new ScimError(409, 'uniqueness', created.conflict);
  } else {
    const [old] = await ctx.store.advocates.scim.groups({ id: groupId });
    if (!old) throw notFound(groupId);
    before = [old];
  }
  const replaced = await ctx.store.advocates.scim.replaceGroup(groupId, { displayName, externalId: instance.externalId?.trim() || null, members });
  if (!replaced.ok)
    throw new ScimError(
      replaced.conflict.startsWith('no provisioned user') ? 400 : 409,
      replaced.conflict.startsWith('no provisioned user') ? 'invalidValue' : 'uniqueness',
      replaced.conflict,
    );
  // A rename moves every member (their branch or topic is the group's name); otherwise only those who joined or left.
  const renamed = before[0] && before[0].display_name !== displayName;
  await place(renamed ? [...new Set([...replaced.value, ...members])] : replaced.value, { ...ctx, before });
  const [stored] = await ctx.store.advocates.scim.groups({ id: groupId });
  return groupResource(stored!);
}

/** Brings the branch and topics of these advocates in line with their groups, keeping everything else (points, history). */
async function place(advocateIds: string[], ctx: HandlerContext): Promise<void> {
  if (advocateIds.length === 0) return;
  const allGroups = [...(await ctx.store.advocates.scim.groups()), ...ctx.before];
  for (const id of advocateIds) {
    const [user] = await ctx.store.advocates.scim.users({ id });
    if (!user) continue;
    const topics = user.advocate.topics as unknown as string[];
    await ctx.store.advocates.scim.setPlacement(id, placement(user.groups, allGroups, ctx.config, { topics, branchAttribute: user.scim.branch_attribute }));
  }
}

/** The attributes a User or Group body may carry: the schema's, and the extensions it names. Anything else is refused. */
function unknownAttribute(body: Record<string, unknown>, resource: 'User' | 'Group'): string | undefined {
  const schema = resource === 'User' ? SCIMMY.Schemas.User : SCIMMY.Schemas.Group;
  const known = new Set(schema.definition.attributes.map((a) => a.name.toLowerCase()));
  const extensions = new Set([...(Array.isArray(body.schemas) ? body.schemas.map((s) => String(s).toLowerCase()) : []), ENTERPRISE_USER.toLowerCase()]);
  return Object.keys(body).find((key) => !known.has(key.toLowerCase()) && !extensions.has(key.toLowerCase()));
}

/** Entra's older provisioning sent booleans as "True"/"False" strings in PATCH (its documented SCIM compatibility fix). */
function normalisePatch(message: { Operations?: unknown }): void {
  if (!Array.isArray(message.Operations)) return;
  for (const operation of message.Operations as { value?: unknown; path?: unknown }[]) {
    if (typeof operation !== 'object' || operation === null) continue;
    if (typeof operation.value === 'string' && /^(true|false)$/i.test(operation.value) && String(operation.path ?? '').toLowerCase() === 'active')
      operation.value = operation.value.toLowerCase() === 'true';
    if (typeof operation.value === 'object' && operation.value !== null && !Array.isArray(operation.value)) {
      const value = operation.value as Record<string, unknown>;
      for (const key of Object.keys(value))
        if (key.toLowerCase() === 'active' && typeof value[key] === 'string' && /^(true|false)$/i.test(value[key]))
          value[key] = value[key].toLowerCase() === 'true';
    }
  }
}

/**
 * The SCIM 2.0 service provider at /scim/v2: `/Users` and `/Groups` (GET with `filter`, `startIndex`, `count`,
 * `attributes`, `excludedAttributes`; POST; GET, PUT, PATCH and DELETE by id), `/ServiceProviderConfig`,
 * `/ResourceTypes` and `/Schemas`. Every request carries `Authorization: Bearer <SCIM_TOKEN>`.
 *
 * @example
 * curl -H "Authorization: Bearer $SCIM_TOKEN" 'https://advocacy.vantaa.fi/scim/v2/Users?filter=userName%20eq%20%22aino@vantaa.fi%22'
 */
export function scimRoutes(deps: ScimDeps) {
  declareResources();
  const app = new Hono();
  const log = deps.log.child({ component: 'scim' });
  const expected = createHash('sha256').update(deps.token).digest();

  const answer = (c: Context, status: number, body?: unknown) =>
    body === undefined ? c.body(null, status as 204) : c.body(JSON.stringify(body), status as 200, { 'content-type': SCIM_JSON });
  const failure = (c: Context, status: number, detail: string, scimType?: string) =>
    answer(c, status, new SCIMMY.Messages.Error({ status: status as 400, ...(scimType ? { scimType } : {}), detail } as never));

  app.use('*', async (c, next) => {
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    // Both sides hashed to one length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      log.warn({ method: c.req.method, path: c.req.path, bearer: given ? 'wrong' : 'none' }, 'SCIM request refused: wrong token');
      c.header('www-authenticate', 'Bearer realm="kaiku SCIM"');
      return failure(c, 401, 'The bearer token is missing or wrong: send Authorization: Bearer <SCIM_TOKEN>');
    }
    await next();
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status }, 'SCIM request');
  });

  // The server-wide limit, applied here (app.ts leaves /scim/v2 to it) so the refusal is a SCIM error body; checked
  // as the body is read, so nothing larger is held, and the connection closed rather than drained.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_REQUEST_BODY,
      onError: (c) => {
        log.warn({ method: c.req.method, path: c.req.path }, 'SCIM request refused: body too large');
        c.header('connection', 'close');
        return failure(c, 413, `The request is larger than the ${MAX_REQUEST_BODY / 1024} KB kaiku accepts for a SCIM request; nothing was read or changed`);
      },
    }),
  );

  // Hono hands a handler's error to the app's error handler, not to the middleware around it: SCIM's errors are answered here.
  app.onError((error, c) => {
    if (error instanceof ScimError) {
      log.warn({ method: c.req.method, path: c.req.path, status: error.status, scimType: error.scimType, detail: error.message }, 'SCIM request refused');
      return answer(c, error.status, new SCIMMY.Messages.Error(error));
    }
    log.error({ err: error, method: c.req.method, path: c.req.path }, 'SCIM request failed');
    return failure(c, 500, 'Something went wrong on our side; the error is in the server log');
  });

  async function body(c: Context): Promise<Record<string, unknown>> {
    try {
      const parsed: unknown = await c.req.json();
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // answered below
    }
    throw new ScimError(400, 'invalidSyntax', 'The request body is not a JSON object');
  }

  /** Runs a write in one transaction with the store bound to it: a refusal rolls back whatever it had written. */
  const inTransaction = <T>(work: (ctx: HandlerContext) => Promise<T>) =>
    deps.store.transaction((store) => work({ store, config: deps.config, before: [], log }));

  const listParams = (c: Context) => {
    const startIndex = Number(c.req.query('startIndex') ?? 1);
    const count = Number(c.req.query('count') ?? 100);
    if (!Number.isInteger(startIndex) || !Number.isInteger(count))
      throw new ScimError(400, 'invalidValue', 'startIndex and count are whole numbers, such as startIndex=1&count=100');
    return {
      ...(c.req.query('filter') !== undefined ? { filter: c.req.query('filter')! } : {}),
      ...(c.req.query('attributes') ? { attributes: c.req.query('attributes')! } : {}),
      ...(c.req.query('excludedAttributes') ? { excludedAttributes: c.req.query('excludedAttributes')! } : {}),
      startIndex: Math.max(1, startIndex),
      count: Math.min(Math.max(0, count), 200),
    };
  };
  const byId = (c: Context) => ({
    ...(c.req.query('attributes') ? { attributes: c.req.query('attributes')! } : {}),
    ...(c.req.query('excludedAttributes') ? { excludedAttributes: c.req.query('excludedAttributes')! } : {}),
  });

  for (const [path, Resource, name] of [
    ['/Users', SCIMMY.Resources.User as unknown as typeof SCIMMY.Types.Resource, 'User'],
    ['/Groups', SCIMMY.Resources.Group as unknown as typeof SCIMMY.Types.Resource, 'Group'],
  ] as const) {
    const context = (): HandlerContext => ({ store: deps.store, config: deps.config, before: [], log });
    app.get(path, async (c) => answer(c, 200, await new Resource(listParams(c) as never).read(context())));
    app.get(`${path}/:id`, async (c) => answer(c, 200, await new Resource(c.req.param('id'), byId(c)).read(context())));
    app.post(path, async (c) => {
      const instance = await body(c);
      const unknown = unknownAttribute(instance, name);
      if (unknown) throw new ScimError(400, 'invalidSyntax', `Unknown attribute "${unknown}" for a ${name}; the attributes are those of /Schemas`);
      const created: unknown = await inTransaction((ctx) => new Resource().write(instance, ctx));
      c.header('location', `/scim/v2${path}/${(created as { id?: string }).id}`);
      return answer(c, 201, created);
    });
    app.put(`${path}/:id`, async (c) => {
      const instance = await body(c);
      const unknown = unknownAttribute(instance, name);
      if (unknown) throw new ScimError(400, 'invalidSyntax', `Unknown attribute "${unknown}" for a ${name}; the attributes are those of /Schemas`);
      return answer(c, 200, (await inTransaction((ctx) => new Resource(c.req.param('id')).write(instance, ctx))) as unknown);
    });
    app.patch(`${path}/:id`, async (c) => {
      const message = await body(c);
      normalisePatch(message);
      const patched: unknown = await inTransaction((ctx) => new Resource(c.req.param('id')).patch(message as never, ctx));
      // Entra expects 204 for a group's PATCH (a body would list every member); a user's comes back whole.
      if (name === 'Group' || !patched) return answer(c, 204);
      return answer(c, 200, patched);
    });
    app.delete(`${path}/:id`, async (c) => {
      await inTransaction((ctx) => new Resource(c.req.param('id')).dispose(ctx));
      return answer(c, 204);
    });
  }

  app.get('/ServiceProviderConfig', async (c) => answer(c, 200, await new SCIMMY.Resources.ServiceProviderConfig().read()));
  app.get('/ResourceTypes', async (c) => answer(c, 200, await new SCIMMY.Resources.ResourceType().read()));
  app.get('/ResourceTypes/:id', async (c) => answer(c, 200, await new SCIMMY.Resources.ResourceType(c.req.param('id')).read()));
  app.get('/Schemas', async (c) => answer(c, 200, await new SCIMMY.Resources.Schema().read()));
  app.get('/Schemas/:id', async (c) => answer(c, 200, await new SCIMMY.Resources.Schema(c.req.param('id')).read()));
  app.all('*', (c) => failure(c, 404, `No SCIM endpoint ${c.req.method} ${c.req.path}; see /scim/v2/ResourceTypes`));

  return app;
}
