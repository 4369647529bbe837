import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from './free-port.js';

// A real OpenID provider on loopback: oidc-provider (OpenID-certified), in the test process, with its own
// login and consent pages (its dev interactions: any password is accepted; the login names the account).
// `tamper` re-signs the ID token of the next token responses with the provider's own key after changing a claim,
// as a provider that misbehaves (or a token meant for another app) would: kaiku's checks must catch each.

export interface TestAccount {
  email?: string;
  name?: string;
  groups?: string[];
  oid?: string;
  email_verified?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Every token endpoint response's ID token passes through this (signed again with `key`: the provider's, or another). */
  tamper: ((claims: JWTPayload) => JWTPayload) | undefined;
  /** Sign tampered tokens with a key the provider never published (same kid): a forged signature. */
  forgeSignature: boolean;
  /** Go down the moment the next authorization answer (the redirect back to kaiku) has been sent: no new or idle connection is served. */
  downAfterAuthorization: boolean;
  /** Requests the token endpoint has had so far. */
  tokenRequests: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestProvider(options: { redirectUri: string; accounts: Record<string, TestAccount> }): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  const { privateKey: otherKey } = await generateKeyPair('RS256', { extractable: true });
  const clientId = 'kaiku-test';
  const clientSecret = 'kaiku-test-client-secret-0123456789abcdef';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    claims: { openid: ['sub', 'groups', 'oid'], email: ['email', 'email_verified'], profile: ['name'] },
    // The claims of the scopes asked for go into the ID token, as Entra and Keycloak put them there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    tamper: undefined,
    forgeSignature: false,
    downAfterAuthorization: false,
    tokenRequests: 0,
    stop,
    start,
    async close() {
      await stop();
    },
  };

  provider.use(async (ctx, next) => {
    if (ctx.path === '/token') state.tokenRequests += 1;
    await next();
    const location = String(ctx.response.get('location') ?? '');
    if (state.downAfterAuthorization && location.startsWith(options.redirectUri) && server) {
      // Stop listening and drop idle keep-alive sockets (kaiku's pooled one among them) now; this answer still goes out.
      state.downAfterAuthorization = false;
      const closing = server;
      server = undefined;
      closing.close();
      closing.closeIdleConnections();
      ctx.res.once('finish', () => closing.closeAllConnections());
    }
    if (ctx.path !== '/token' || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string };
    if (!state.tamper || !body.id_token) return;
    const header = decodeProtectedHeader(body.id_token);
    const claims = state.tamper(decodeJwt(body.id_token));
    const key = state.forgeSignature ? otherKey : await importJWK(jwk, 'RS256');
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid!, ...(header.typ ? { typ: header.typ } : {}) }).sign(key);
  });

  let server: Server | undefined;
  async function start() {
    if (server) return;
    const starting = createServer(provider.callback());
    await new Promise<void>((resolve, reject) => {
      starting.once('error', reject);
      starting.listen(port, '127.0.0.1', resolve);
    });
    if ((starting.address() as AddressInfo).port !== port) throw new Error('the provider did not get its port');
    server = starting;
  }
  async function stop() {
    if (!server) return;
    const closing = server;
    server = undefined;
    closing.closeAllConnections();
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  }
  await start();
  return state;
}
