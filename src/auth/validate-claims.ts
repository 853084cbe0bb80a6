// Claim checks run on every request (cached or not): exp/nbf/iat with leeway, aud, iss → PGRST303.
import { claimsInvalid, MESSAGES } from './auth-errors.ts';

export interface ClaimRules {
  /** Required audience; when set, a token without `aud` is rejected too (unlike PostgREST). */
  audience: string | null;
  issuer: string | null;
  leewaySeconds: number;
}

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/** Throws PGRST303 for the first failing claim, in PostgREST's order (exp, nbf, iat, aud), then iss. */
export function validateClaims(claims: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): void {
  for (const claim of TIME_CLAIMS) {
    const value = claims[claim];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) throw claimsInvalid(MESSAGES.notNumber(claim));
  }
  const { exp, nbf, iat } = claims as { exp?: number; nbf?: number; iat?: number };
  const leeway = rules.leewaySeconds;
  if (exp !== undefined && nowSeconds - leeway > exp) throw claimsInvalid(MESSAGES.expired);
  if (nbf !== undefined && nowSeconds + leeway < nbf) throw claimsInvalid(MESSAGES.notYetValid);
  if (iat !== undefined && nowSeconds + leeway < iat) throw claimsInvalid(MESSAGES.issuedAtFuture);

  const aud = claims.aud;
  if (aud !== undefined && aud !== null && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) {
    throw claimsInvalid(MESSAGES.audType);
  }
  if (rules.audience !== null) {
    // A token minted for no audience in particular could be replayed from any other app of the
    // same provider (a Cognito access token, a Clerk session token), so it must name ours.
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (!audiences.includes(rules.audience)) {
      throw claimsInvalid(MESSAGES.notInAudience, audiences.length === 0 ? "The token has no 'aud' claim and --jwt-aud is set." : null);
    }
  }
  if (rules.issuer !== null && claims.iss !== rules.issuer) throw claimsInvalid(MESSAGES.wrongIssuer);
}
