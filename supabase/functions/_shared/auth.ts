/**
 * Who is calling a function, from the bearer token: a signed-in staff member (role
 * `authenticated` with a `sub`) or named system work (`service_role`). Anything else — no
 * token, a bad signature, an expired token, the anon key — is a 401.
 */
import { requiredEnv } from './env.ts';
import { HttpError } from './http.ts';
import { type JwtClaims, JwtError, verifyJwt } from './jwt.ts';

export type Caller =
  | { kind: 'user'; userId: string; email: string | null; claims: JwtClaims }
  | { kind: 'service'; claims: JwtClaims };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthorized = (message: string) =>
  new HttpError(401, 'unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer realm="functions"' });

export async function requireCaller(request: Request): Promise<Caller> {
  const header = request.headers.get('Authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) throw unauthorized('Sign in first: the request has no bearer token.');
  let claims: JwtClaims;
  try {
    claims = await verifyJwt(token, requiredEnv('SUPABASE_JWT_SECRET'));
  } catch (error) {
    if (error instanceof JwtError) throw unauthorized(error.message);
    throw error;
  }
  if (claims.role === 'service_role') return { kind: 'service', claims };
  if (claims.role === 'authenticated' && typeof claims.sub === 'string' && UUID.test(claims.sub)) {
    return { kind: 'user', userId: claims.sub, email: typeof claims.email === 'string' ? claims.email : null, claims };
  }
  throw unauthorized('This function needs a signed-in user or a service token.');
}
