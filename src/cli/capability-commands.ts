// Commands of the capabilities (policy, post check, declarations), each from its own folder.
import type { Command } from "commander";
import { registerDeclarationCommands } from "../declarations/cli";
import { registerPolicyCommands } from "../policy/cli";
import { registerPolicyDatabaseCommands } from "../policy/database-cli";

export function registerCapabilityCommands(program: Command): void {
  registerPolicyCommands(program);
  registerPolicyDatabaseCommands(program);
  registerDeclarationCommands(program);
}
