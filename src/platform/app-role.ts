// The database login the application runs as: conduct_app (made by a migration), which may only
// INSERT and SELECT on the audit trail. Migrations run as the owner; the owner then gives
// conduct_app its password. The password is derived from the owner's, so every process that
// knows the owner's login (instances, CLI commands, tests) sets the same one and none locks out
// another. CONDUCT_APP_DATABASE_URL names a login of your own instead (then nothing is changed).
import { createHmac } from "node:crypto";
import pg from "pg";

export const APP_ROLE = "conduct_app";

export function appRolePassword(ownerUrl: string): string {
  const owner = new URL(ownerUrl);
  return createHmac("sha256", decodeURIComponent(owner.password))
    .update(`${APP_ROLE} login for ${decodeURIComponent(owner.username)}`)
    .digest("base64url");
}

export function appRoleUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = encodeURIComponent(appRolePassword(ownerUrl));
  return u.toString();
}

/** As the owner: let conduct_app sign in with its derived password. */
export async function enableAppLogin(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `alter role ${APP_ROLE} with login password ${client.escapeLiteral(appRolePassword(ownerUrl))}`,
    );
  } finally {
    await client.end();
  }
}
