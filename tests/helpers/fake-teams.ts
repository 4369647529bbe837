import { createSign, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TeamsSettings } from '../../integrations/teams/settings.js';

// A fake of Microsoft's side of a Teams bot, on loopback, for the tests: Teams cannot run here. It speaks the
// wire formats the real SDK uses: Entra's client-credentials token endpoint, the Bot Connector's v3 REST API
// (create a conversation = a channel post or a personal chat, send, reply, update, get a member; Bearer tokens
// it issued; 429 with Retry-After; 5xx), and Bot Framework's OpenID metadata and JWKS. It builds the signed
// requests Teams sends when someone clicks a card it holds (invoke `adaptiveCard/action`, or a message submit
// from a client without Universal Actions), RS256 JWTs with the claims Bot Framework puts in them.

export interface FakeTeamsUser {
  /** The Teams user id (29:…). */
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

export interface FakeTeamsMessage {
  conversationId: string;
  activityId: string;
  /** `channel` for a channel post, `personal` for a chat with one user. */
  where: 'channel' | 'personal';
  channelId?: string | undefined;
  userId?: string | undefined;
  activity: Record<string, any>;
  /** For a reply: the activity it answers. */
  replyTo?: string | undefined;
  /** Each update answered, in order (the card's states). */
  updates: { at: number; activity: Record<string, any> }[];
}

export interface FakeTeamsCall {
  operation: Operation;
  at: number;
  answered: number;
  body?: any;
}

type Operation = 'token' | 'createConversation' | 'sendToConversation' | 'replyToActivity' | 'updateActivity' | 'getMember';
type Failure = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 };

export interface SignedActivity {
  activity: Record<string, any>;
  authorization: string;
  /** POSTs it to kaiku's messaging endpoint. */
  send(url: string): Promise<Response>;
}

export interface FakeTeams {
  /** What kaiku needs to talk to this fake (TEAMS_* in production). */
  settings: TeamsSettings;
  tenantId: string;
  teamId: string;
  addUser(user: FakeTeamsUser): void;
  calls(operation?: Operation): FakeTeamsCall[];
  messages(): FakeTeamsMessage[];
  /** Root posts carrying an Adaptive Card (cards in channels and personal chats). */
  cards(): FakeTeamsMessage[];
  replies(to: FakeTeamsMessage): FakeTeamsMessage[];
  /** The card's content as it is now. */
  contentOf(message: FakeTeamsMessage): Record<string, any>;
  /** The next `times` calls of `operation` fail so. */
  fail(operation: Operation, failure: Failure, times?: number): void;
  /** The invoke Teams sends for a click on an Action.Execute of a card it holds (inputs: what the clicker typed). */
  click(card: FakeTeamsMessage, verb: string, user: FakeTeamsUser, options?: { inputs?: Record<string, string>; token?: TokenOptions }): SignedActivity;
  /** The message activity an older client sends for the Action.Submit fallback. */
  submit(card: FakeTeamsMessage, verb: string, user: FakeTeamsUser, options?: { token?: TokenOptions }): SignedActivity;
  /** Signs any activity as Bot Framework would; options forge or age the token. */
  sign(activity: Record<string, any>, options?: TokenOptions): SignedActivity;
  close(): Promise<void>;
}

export interface TokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
  /** Sign with a key that is not in the published JWKS. */
  foreignKey?: boolean;
  serviceUrl?: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startFakeTeams(options: { appId?: string; appPassword?: string } = {}): Promise<FakeTeams> {
  const appId = options.appId ?? randomUUID();
  const appPassword = options.appPassword ?? randomBytes(18).toString('base64url');
  const tenantId = randomUUID();
  const teamId = `19:${randomBytes(16).toString('hex')}@thread.tacv2`;
  const kid = randomBytes(12).toString('base64url');
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = keys.publicKey.export({ format: 'jwk' });
  const issued = new Map<string, number>();
  const calls: FakeTeamsCall[] = [];
  const messages: FakeTeamsMessage[] = [];
  const users = new Map<string, FakeTeamsUser>();
  const failures: { operation: Operation; failure: Failure; left: number }[] = [];
  let seq = 0;
  const nextId = () => String(Date.now() * 10 + (++seq % 10));

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
  const connectorError = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { error: { code, message } });

  function handle(req: IncomingMessage, raw: string, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0]!.replace(/\/{2,}/g, '/');
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return json(res, 200, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${origin}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (method === 'GET' && path === '/v1/.well-known/keys') {
      return json(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (method === 'POST' && token) {
      const call = record('token', raw);
      if (failed(call, res)) return;
      const form = new URLSearchParams(raw);
      if (token[1] !== tenantId && token[1] !== 'botframework.com')
        return (void (call.answered = 400), json(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${token[1]}' not found.` }));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== appId || form.get('client_secret') !== appPassword) {
        call.answered = 401;
        return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      if (form.get('scope') !== 'https://api.botframework.com/.default') return (void (call.answered = 400), json(res, 400, { error: 'invalid_scope' }));
      const access = `fake-teams-${randomBytes(16).toString('hex')}`;
      issued.set(access, Date.now() + 3600_000);
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: access });
    }
    const connector = /^\/teams\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?$/.exec(path);
    if (!connector) return json(res, 404, { error: 'no such endpoint' });
    const [, rawConversation, collection, rawChild] = connector;
    const conversationId = rawConversation ? decodeURIComponent(rawConversation) : undefined;
    const child = rawChild ? decodeURIComponent(rawChild) : undefined;
    const operation: Operation | undefined =
      method === 'POST' && !conversationId
        ? 'createConversation'
        : method === 'POST' && collection === 'activities' && !child
          ? 'sendToConversation'
          : method === 'POST' && collection === 'activities'
            ? 'replyToActivity'
            : method === 'PUT' && collection === 'activities' && child
              ? 'updateActivity'
              : method === 'GET' && collection === 'members' && child
                ? 'getMember'
                : undefined;
    if (!operation) return connectorError(res, 405, 'BadSyntax', `${method} ${path} is not an operation of this fake`);
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : undefined;
    const call = record(operation, body);
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!bearer || (issued.get(bearer) ?? 0) < Date.now()) {
      call.answered = 401;
      return connectorError(res, 401, 'Unauthorized', 'Authorization has been denied for this request.');
    }
    if (failed(call, res)) return;
    switch (operation) {
      case 'createConversation': {
        const channelId = body?.channelData?.channel?.id as string | undefined;
        if (channelId) {
          if (!/^19:.+@thread\.(tacv2|skype)$/.test(channelId))
            return ((call.answered = 404), connectorError(res, 404, 'ConversationNotFound', 'Conversation not found.'));
          const activityId = nextId();
          const message: FakeTeamsMessage = {
            conversationId: `${channelId};messageid=${activityId}`,
            activityId,
            where: 'channel',
            channelId,
            activity: body!.activity,
            updates: [],
          };
          messages.push(message);
          return json(res, 201, { id: message.conversationId, activityId });
        }
        const member = body?.members?.[0]?.id as string | undefined;
        const user = [...users.values()].find((u) => u.aadObjectId === member || u.id === member);
        if (!user) return ((call.answered = 403), connectorError(res, 403, 'Forbidden', 'The bot is not installed for this user.'));
        return json(res, 201, { id: `a:1${Buffer.from(user.id).toString('hex').slice(0, 24)}` });
      }
      case 'sendToConversation':
      case 'replyToActivity': {
        const thread = conversationId!.split(';messageid=')[1] ?? child;
        const root = thread ? messages.find((m) => m.activityId === thread && m.conversationId.split(';')[0] === conversationId!.split(';')[0]) : undefined;
        if (operation === 'replyToActivity' && !root) return ((call.answered = 404), connectorError(res, 404, 'ActivityNotFound', 'Activity not found.'));
        const personal = conversationId!.startsWith('a:');
        const user = personal ? [...users.values()].find((u) => conversationId === `a:1${Buffer.from(u.id).toString('hex').slice(0, 24)}`) : undefined;
        const message: FakeTeamsMessage = {
          conversationId: root?.conversationId ?? conversationId!,
          activityId: nextId(),
          where: personal ? 'personal' : 'channel',
          channelId: root?.channelId,
          userId: user?.id,
          activity: body!,
          replyTo: root?.activityId,
          updates: [],
        };
        messages.push(message);
        return json(res, 201, { id: message.activityId });
      }
      case 'updateActivity': {
        const message = messages.find((m) => m.activityId === child && m.conversationId.split(';')[0] === conversationId!.split(';')[0]);
        if (!message) return ((call.answered = 404), connectorError(res, 404, 'ActivityNotFound', 'Activity not found.'));
        message.activity = body!;
        message.updates.push({ at: Date.now(), activity: body! });
        return json(res, 200, { id: message.activityId });
      }
      case 'getMember': {
        const user = users.get(child!) ?? [...users.values()].find((u) => u.aadObjectId === child);
        if (!user) return ((call.answered = 404), connectorError(res, 404, 'MemberNotFound', 'The member is not in this conversation.'));
        return json(res, 200, {
          id: user.id,
          name: user.name,
          aadObjectId: user.aadObjectId,
          email: user.email,
          userPrincipalName: user.email,
          tenantId,
          userRole: 'user',
        });
      }
    }
  }

  function record(operation: Operation, body: unknown): FakeTeamsCall {
    const call: FakeTeamsCall = { operation, at: Date.now(), answered: 200, body };
    calls.push(call);
    return call;
  }

  function failed(call: FakeTeamsCall, res: ServerResponse): boolean {
    const failure = failures.find((f) => f.operation === call.operation && f.left > 0);
    if (!failure) return false;
    failure.left--;
    call.answered = failure.failure.status;
    if (failure.failure.status === 429) {
      res.writeHead(429, { 'retry-after': String(failure.failure.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests.' } }));
    } else {
      res.writeHead(failure.failure.status, { 'content-type': 'text/plain' }).end('upstream error');
    }
    return true;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, Buffer.concat(chunks).toString('utf8'), res);
      } catch (error) {
        json(res, 400, { error: { code: 'BadSyntax', message: String(error) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const serviceUrl = `${origin}/teams/`;

  function jwt(options: TokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid, x5t: kid, typ: 'JWT' };
    const payload = {
      serviceurl: options.serviceUrl ?? serviceUrl,
      nbf: now - 5,
      exp: now + (options.expiresIn ?? 3600),
      iss: options.issuer ?? 'https://api.botframework.com',
      aud: options.audience ?? appId,
    };
    const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const key: KeyObject = options.foreignKey ? foreign.privateKey : keys.privateKey;
    return `${data}.${createSign('RSA-SHA256').update(data).sign(key).toString('base64url')}`;
  }

  function sign(activity: Record<string, any>, tokenOptions?: TokenOptions): SignedActivity {
    const authorization = `Bearer ${jwt(tokenOptions)}`;
    return {
      activity,
      authorization,
      send: (url: string) =>
        fetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(activity) }),
    };
  }

  function base(card: FakeTeamsMessage, user: FakeTeamsUser): Record<string, any> {
    return {
      id: `f:${randomBytes(8).toString('hex')}`,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation:
        card.where === 'channel'
          ? { isGroup: true, conversationType: 'channel', tenantId, id: card.conversationId }
          : { conversationType: 'personal', tenantId, id: card.conversationId },
      recipient: { id: `28:${appId}`, name: 'kaiku' },
      entities: [{ locale: 'fi-FI', country: 'FI', platform: 'Web', timezone: 'Europe/Helsinki', type: 'clientInfo' }],
      channelData:
        card.where === 'channel'
          ? {
              tenant: { id: tenantId },
              channel: { id: card.channelId },
              team: { id: teamId },
              source: { name: 'message' },
              legacy: { replyToId: card.activityId },
            }
          : { tenant: { id: tenantId }, source: { name: 'message' }, legacy: { replyToId: card.activityId } },
      replyToId: card.activityId,
      locale: 'fi-FI',
    };
  }

  function findAction(content: Record<string, any>, verb: string): Record<string, any> | undefined {
    for (const action of content.actions ?? []) {
      if (action.verb === verb) return action;
      if (action.type === 'Action.ShowCard') {
        const inner = findAction(action.card, verb);
        if (inner) return inner;
      }
    }
    return undefined;
  }

  const contentOf = (message: FakeTeamsMessage) => message.activity.attachments?.[0]?.content as Record<string, any>;

  return {
    settings: {
      appId,
      appPassword,
      tenantId,
      serviceUrl,
      loginUrl: origin,
      openIdMetadataUrl: `${origin}/v1/.well-known/openidconfiguration`,
    },
    tenantId,
    teamId,
    addUser: (user) => void users.set(user.id, user),
    calls: (operation) => calls.filter((call) => !operation || call.operation === operation),
    messages: () => messages,
    cards: () => messages.filter((m) => !m.replyTo && contentOf(m)?.type === 'AdaptiveCard'),
    replies: (to) => messages.filter((m) => m.replyTo === to.activityId && m.conversationId.split(';')[0] === to.conversationId.split(';')[0]),
    contentOf,
    fail(operation, failure, times = 1) {
      failures.push({ operation, failure, left: times });
    },
    click(card, verb, user, clickOptions = {}) {
      const action = findAction(contentOf(card), verb);
      if (!action) throw new Error(`the card has no action ${verb}`);
      return sign(
        {
          ...base(card, user),
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', title: action.title, verb, data: { ...action.data, ...clickOptions.inputs } }, trigger: 'manual' },
        },
        clickOptions.token,
      );
    },
    submit(card, verb, user, submitOptions = {}) {
      const action = findAction(contentOf(card), verb);
      if (!action?.fallback) throw new Error(`the card has no Action.Submit fallback for ${verb}`);
      return sign({ ...base(card, user), type: 'message', textFormat: 'plain', value: action.fallback.data }, submitOptions.token);
    },
    sign,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
