import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';

/**
 * A real OpenID Provider on loopback for tests: discovery, JWKS, an authorization endpoint that
 * "signs in" whoever the test chose and redirects back with a code, and a token endpoint that checks
 * the code, the redirect URI, the client secret and the PKCE verifier before issuing an ID token.
 * Tokens are signed with its own RSA key; nothing about the app's verifier is mocked.
 */
export interface LoopbackIssuer {
  /** Like Entra's: `http://127.0.0.1:<port>/<tenant>/v2.0`. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Who the authorization endpoint signs in next (the "user at the Microsoft login page"). */
  signInAs(claims: { preferred_username?: string; email?: string; sub?: string }): void;
  /** A JWT signed with the issuer's key (or `foreignKey`), with sensible defaults the claims override. */
  token(
    claims: JWTPayload,
    options?: { foreignKey?: boolean; audience?: string; expiresInSeconds?: number; notBeforeInSeconds?: number },
  ): Promise<string>;
  stop(): Promise<void>;
}

interface PendingCode {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce: string | undefined;
  readonly claims: Record<string, string>;
}

export async function startLoopbackIssuer(): Promise<LoopbackIssuer> {
  const own = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(own.publicKey)), kid: 'loopback-1', alg: 'RS256', use: 'sig' };
  const clientId = 'support-desk-test-app';
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, PendingCode>();
  let user: Record<string, string> = { sub: 'nobody' };
  let issuer = '';

  const sign = async (
    claims: JWTPayload,
    key: CryptoKey,
    audience: string,
    expiresIn: number,
    notBefore?: number,
  ): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'loopback-1', typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn);
    if (notBefore !== undefined) jwt = jwt.setNotBefore(now + notBefore);
    const name = [claims.preferred_username, claims.email].find((v): v is string => typeof v === 'string');
    if (!claims.sub) jwt = jwt.setSubject(name ?? 'someone');
    return jwt.sign(key);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    const base = new URL(issuer).pathname;
    void (async () => {
      if (req.method === 'GET' && url.pathname === `${base}/.well-known/openid-configuration`) {
        return send(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/keys`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        });
      }
      if (req.method === 'GET' && url.pathname === `${base}/keys`) return send(200, { keys: [jwk] });
      if (req.method === 'GET' && url.pathname === `${base}/authorize`) {
        const p = url.searchParams;
        if (
          p.get('client_id') !== clientId ||
          p.get('response_type') !== 'code' ||
          p.get('code_challenge_method') !== 'S256' ||
          !p.get('code_challenge')
        ) {
          return send(400, { error: 'invalid_request' });
        }
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          redirectUri: p.get('redirect_uri') ?? '',
          codeChallenge: p.get('code_challenge') ?? '',
          nonce: p.get('nonce') ?? undefined,
          claims: user,
        });
        const back = new URL(p.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', p.get('state') ?? '');
        back.searchParams.set('iss', issuer);
        res.writeHead(302, { location: back.href });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === `${base}/token`) {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          !pending ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('client_id') !== clientId ||
          form.get('client_secret') !== clientSecret ||
          form.get('redirect_uri') !== pending.redirectUri ||
          challenge !== pending.codeChallenge
        ) {
          return send(400, { error: 'invalid_grant' });
        }
        const idToken = await sign(
          { ...pending.claims, ...(pending.nonce ? { nonce: pending.nonce } : {}) },
          own.privateKey,
          clientId,
          3600,
        );
        const accessToken = await sign({ ...pending.claims }, own.privateKey, clientId, 3600);
        return send(200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 3600 });
      }
      send(404, { error: 'not_found' });
    })().catch(() => send(500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loopback-tenant/v2.0`;

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(claims) {
      user = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    },
    token(claims, options = {}) {
      return sign(
        claims,
        options.foreignKey ? foreign.privateKey : own.privateKey,
        options.audience ?? clientId,
        options.expiresInSeconds ?? 3600,
        options.notBeforeInSeconds,
      );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
