// Compiles the CLI and server once (npm runs this at install, as `prepare`), so `conduct` starts
// without transpiling the program each time. bin/conduct.js uses the bundle only while it is
// newer than every source file, and falls back to tsx otherwise, so an edit is never run stale.
// Tests always run against the sources.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
const { build } = await import("esbuild");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist/conduct.mjs");

// Each module keeps its own import.meta.url (relative to the bundle, so the folder can move):
// files found next to the sources (migrations, static assets, package.json) are found as before.
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(b) {
    b.onLoad({ filter: /[/\\]src[/\\].*\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const relative = path.relative(path.dirname(outfile), args.path).split(path.sep).join("/");
      const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
      return {
        contents: text.replaceAll("import.meta.url", url),
        loader: args.path.endsWith("x") ? "tsx" : "ts",
      };
    });
  },
};

try {
  const result = await build({
    write: false,
    entryPoints: [path.join(root, "src/cli/main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    plugins: [keepModuleUrls],
    // Bundled CommonJS helpers need require in an ES module.
    banner: {
      js: "import { createRequire as __conductRequire } from 'node:module'; const require = __conductRequire(import.meta.url);",
    },
  });
  // Written beside and renamed, so a `conduct` starting meanwhile never loads half a file.
  await mkdir(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    await writeFile(`${file.path}.tmp`, file.contents);
    await rename(`${file.path}.tmp`, file.path);
  }
  process.stdout.write(`built ${path.relative(root, outfile)} (${pathToFileURL(outfile).pathname})\n`);
  // `conduct monitor analyse` and `monitor ingest` on their own: bin/conduct.js starts them from
  // this entry (split, so analyse never loads the database's modules).
  const analyse = await build({
    write: false,
    entryPoints: { "monitor-main": path.join(root, "src/monitoring/monitor-main.ts") },
    // Beside conduct.mjs, so the module URLs kept above are right for it too.
    outdir: path.dirname(outfile),
    splitting: true,
    entryNames: "[name]",
    chunkNames: "monitor-chunk-[hash]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    plugins: [keepModuleUrls],
    banner: {
      js: "import { createRequire as __conductRequire } from 'node:module'; const require = __conductRequire(import.meta.url);",
    },
  });
  for (const stale of await readdir(path.dirname(outfile))) {
    if (/^monitor-(chunk-.*|analyse|main)\.m?js$/.test(stale))
      await rm(path.join(path.dirname(outfile), stale));
  }
  for (const file of analyse.outputFiles) {
    await writeFile(`${file.path}.tmp`, file.contents);
    await rename(`${file.path}.tmp`, file.path);
  }
  // The log scanner's worker thread, on its own (a thread loads only the scanner), with the list of
  // its inputs: src/monitoring/scan-log-source.ts uses it only while it is newer than every one.
  const worker = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: [path.join(root, "src/monitoring/scan-worker.ts")],
    outfile: path.join(root, "dist/scan-worker.cjs"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(worker.metafile.inputs).map((f) => path.relative(root, path.resolve(root, f)));
  const workerFile = path.join(root, "dist/scan-worker.cjs");
  await writeFile(`${workerFile}.tmp`, worker.outputFiles[0].contents);
  await rename(`${workerFile}.tmp`, workerFile);
  await writeFile(path.join(root, "dist/scan-worker.inputs.json"), `${JSON.stringify(inputs, null, 1)}\n`);
} catch (error) {
  // Never fail an install over it: without the bundle, bin/conduct.js runs the sources through tsx.
  process.stderr.write(
    `conduct: could not build dist/ (${error.message}); the CLI will start more slowly, through tsx\n`,
  );
}
