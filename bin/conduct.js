#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no build step between a change and a run.
import { register } from "tsx/esm/api";

register();
process.env.CONDUCT_CLI = "1";
await import("../src/cli/main.ts");
