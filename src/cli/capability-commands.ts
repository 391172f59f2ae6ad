// Commands of the capabilities (policy, post check, declarations), each from its own folder.
import type { Command } from "commander";

export function registerCapabilityCommands(_program: Command): void {}
