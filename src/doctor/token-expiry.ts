/**
 * When a JWT bearer token expires, read from its payload's `exp` without verifying anything and without sending
 * it anywhere. Pure; a token that is not a JWT, or has no numeric exp, has no known expiry.
 */

/** The token's `exp` as epoch ms, or undefined when it is not a JWT with one. */
export function tokenExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const exp = typeof payload === 'object' && payload !== null ? (payload as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
