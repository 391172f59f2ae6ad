// Runs `conduct …` inside the test process, as a user would run it (arguments, environment, exit
// code, stdout and stderr), without paying for a new Node process and TypeScript transform each
// time. One subprocess smoke test (cli.slow.test.ts) keeps the real binary honest.
import { CommanderError } from "commander";
import { buildProgram } from "./main";

export type Run = { code: number; stdout: string; stderr: string };

class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

let running: Promise<unknown> = Promise.resolve();

export function runConduct(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  // One at a time: the run borrows the process's stdout, stderr, exit and environment.
  const run = running.then(() => runNow(args, env));
  running = run.catch(() => undefined);
  return run;
}

async function runNow(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const exit = process.exit;
  process.stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exit = ((code?: number) => {
    throw new ExitSignal(code ?? 0);
  }) as typeof process.exit;
  // A command may also set process.exitCode and return (so its output is flushed first).
  const exitCodeBefore = process.exitCode;
  process.exitCode = 0;
  let code = 0;
  try {
    await buildProgram({ exitOverride: true }).parseAsync(["node", "conduct", ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof ExitSignal) code = error.code;
    else if (error instanceof CommanderError) code = error.exitCode;
    else {
      err.push(`conduct: ${(error as Error).message}\n`);
      code = 1;
    }
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exit = exit;
    process.exitCode = exitCodeBefore;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { code, stdout: out.join(""), stderr: err.join("") };
}
