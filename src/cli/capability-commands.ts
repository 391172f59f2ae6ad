// Commands of the capabilities (policy, post check, declarations), each from its own folder.
import type { Command } from "commander";
import { registerDeclarationCommands } from "../declarations/cli";
import { registerDeclarationDatabaseCommands } from "../declarations/database-cli";
import { registerPolicyCommands } from "../policy/cli";
import { registerPolicyDatabaseCommands } from "../policy/database-cli";
import { registerPostCommands } from "../posts/cli";
import { loadSchoolForCheck } from "../posts/load-school-for-check";
import { withDatabase } from "./shared";

export function registerCapabilityCommands(program: Command): void {
  registerPolicyCommands(program);
  registerPolicyDatabaseCommands(program);
  registerPostCommands(program, {
    // Without --roster/--schools the school and its roster come from Conduct's database.
    loadFromDatabase: (slug) =>
      withDatabase(async (database) => {
        const found = await loadSchoolForCheck(database.db, slug);
        if (!found)
          throw new Error(
            `There is no school "${slug}" in the database. See \`conduct status\`, or use --schools/--roster.`,
          );
        return { school: found.settings, roster: found.roster };
      }),
  });
  registerDeclarationCommands(program);
  registerDeclarationDatabaseCommands(program);
}
