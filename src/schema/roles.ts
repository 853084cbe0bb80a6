// Which roles a token may select: those the login role can SET ROLE to, never the login role itself.

export interface RoleRow {
  name: string;
  /** The connecting role is a member (SET ROLE is allowed) and it is not the connecting role. */
  switchable: boolean;
}

/**
 * Every role with its switchability, read with the schema cache (a GRANT takes effect at the next
 * schema reload). The login role is excluded on purpose: SET ROLE to oneself always succeeds, and a
 * token naming it would otherwise run with the authenticator's own privileges.
 */
export const ROLES_QUERY = `
select r.rolname as name,
       r.rolname <> current_user and pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') as switchable
from pg_catalog.pg_roles r`;
