// Builds the example plugins in plugins/ from source, offline: AssemblyScript ones with asc and
// @extism/as-pdk from node_modules, C ones with Debian's clang and wasi-libc when they are installed.
// Each module lands in plugins/<name>/build/ and is checked the way the plugin host checks it at load.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseManifest } from "#plugins/manifest.ts";
import { prepareModule } from "#plugins/module-guard.ts";
import { defaultPluginHostConfig } from "#plugins/plugin-host-config.ts";

const root = join(import.meta.dir, "..");
const pluginsDir = join(root, "plugins");
/** Debian 12 packages the C example needs. */
const C_PACKAGES = "clang lld wasi-libc libclang-rt-dev-wasm32";
const C_SYSROOT_LIB = "/usr/lib/wasm32-wasi/libc.a";
/** Guest memory cap of the examples, in 64 KiB pages (1 MiB). */
const MAX_PAGES = 16;

async function run(cmd: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn(cmd, { cwd, stdout: "inherit", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`${cmd[0]} failed in ${cwd}`);
}

async function buildAssemblyScript(dir: string, name: string): Promise<void> {
  await run(
    [
      join(root, "node_modules/.bin/asc"),
      "assembly/index.ts",
      "--outFile",
      `build/${name}.wasm`,
      "--use",
      "abort=assembly/index/pluginAbort",
      "--initialMemory",
      "1",
      "--maximumMemory",
      String(MAX_PAGES),
      "--runtime",
      "incremental",
      "--optimizeLevel",
      "3",
      "--shrinkLevel",
      "1",
      "--noAssert",
    ],
    dir,
  );
}

async function buildC(dir: string, name: string): Promise<boolean> {
  if (!Bun.which("clang") || !Bun.which("wasm-ld") || !existsSync(C_SYSROOT_LIB)) {
    console.warn(
      `skip  ${name}: the C example needs clang, wasm-ld and wasi-libc. On Debian: apt-get install -y ${C_PACKAGES}`,
    );
    return false;
  }
  const sources = readdirSync(join(dir, "src"))
    .filter((f) => f.endsWith(".c"))
    .map((f) => `src/${f}`);
  await run(
    [
      "clang",
      "--target=wasm32-wasi",
      "--sysroot=/usr",
      "-mexec-model=reactor",
      "-O2",
      "-nostartfiles",
      "-Wl,--no-entry",
      "-Wl,--strip-all",
      `-Wl,--initial-memory=${2 * 65536}`,
      `-Wl,--max-memory=${MAX_PAGES * 65536}`,
      "-Wl,-z,stack-size=65536",
      "-o",
      `build/${name}.wasm`,
      ...sources,
    ],
    dir,
  );
  return true;
}

async function check(dir: string): Promise<string> {
  const manifest = parseManifest(await Bun.file(join(dir, "plugin.yaml")).text(), join(dir, "plugin.yaml"));
  const wasm = await Bun.file(join(dir, manifest.entry)).bytes();
  await prepareModule(manifest.name, wasm, defaultPluginHostConfig);
  return `${manifest.name} ${manifest.version}, ${wasm.byteLength} bytes`;
}

let failed = false;
for (const name of readdirSync(pluginsDir).sort()) {
  const dir = join(pluginsDir, name);
  if (!existsSync(join(dir, "plugin.yaml"))) continue;
  mkdirSync(join(dir, "build"), { recursive: true });
  try {
    let built = true;
    if (existsSync(join(dir, "assembly/index.ts"))) await buildAssemblyScript(dir, name);
    else if (existsSync(join(dir, "src"))) built = await buildC(dir, name);
    else throw new Error("no assembly/index.ts and no src/*.c");
    if (built) console.log(`built ${await check(dir)}`);
  } catch (error) {
    failed = true;
    console.error(`fail  ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed ? 1 : 0);
