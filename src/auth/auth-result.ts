// AuthResult: who the request runs as, produced by the auth stage and consumed by the query stage.

export interface AuthResult {
  /** The database role the request's transaction switches to. */
  role: string;
  /** Verified JWT claims (empty for anonymous), with `role` set to the effective role. */
  claims: Readonly<Record<string, unknown>>;
  /** `claims` as JSON, the value of request.jwt.claims: made once per verified token, not once per request. */
  claimsJson: string;
  /** True when no token was sent (42501 then maps to 401 instead of 403). */
  anonymous: boolean;
}

/** An AuthResult whose claims carry the effective role; frozen, because a cached one serves many requests. */
export function authResult(role: string, claims: Readonly<Record<string, unknown>>, anonymous: boolean): AuthResult {
  const withRole = Object.freeze({ ...claims, role });
  return Object.freeze({ role, claims: withRole, claimsJson: JSON.stringify(withRole), anonymous });
}

export interface Authenticator {
  /** Verifies the Authorization header value; throws ApiError PGRST301/302/303 (or 503 when no key source answers). */
  authenticate(authorizationHeader: string | undefined): Promise<AuthResult>;
  /** Stops background refreshes. */
  close(): void;
  /** Verified tokens held in the token cache (for /metrics). */
  tokenCacheEntries?(): number;
  /** Bytes the token cache accounts to its entries. */
  tokenCacheBytes?(): number;
}
