import { z } from 'zod';
import { isAcceptableIdentityUrl } from '../../config/identity-url';

/** The parts of an OpenID Provider's discovery document (`/.well-known/openid-configuration`) we use. */
const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

export async function discoverJwksUri(issuer: string): Promise<URL> {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = discoverySchema.parse(await response.json());
  if (document.issuer !== issuer) throw new Error(`discovery names issuer ${document.issuer}, not ${issuer}`);
  if (!isAcceptableIdentityUrl(document.jwks_uri)) throw new Error(`jwks_uri ${document.jwks_uri} is not https`);
  return new URL(document.jwks_uri);
}
