import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

// Invariant: the import graph is the architecture (STYLE.md §1, ARCHITECTURE.md §1).
const root = join(import.meta.dir, "..");

type Module = "core" | "gateway" | "plugins" | "commands" | "shared" | "gen" | "cli";

const forbidden: Record<Module, RegExp[]> = {
  core: [/^#gateway\//, /^#commands\//, /^#plugins\//],
  gateway: [/^#core\//, /^#plugins\//, /^#commands\//, /^postgres$/, /^bun:sqlite$/, /^@extism\//],
  plugins: [/^#gateway\//, /^#commands\//],
  shared: [
    /^#core\//,
    /^#gateway\//,
    /^#plugins\//,
    /^#commands\//,
    /^#gen\//,
    /^postgres$/,
    /^bun:sqlite$/,
    /^@extism\//,
  ],
  gen: [/^#/],
  commands: [],
  cli: [/^#core\//, /^#gateway\//, /^#plugins\//, /^postgres$/, /^@extism\//],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

/** Every module specifier a file imports, statically or dynamically. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
  for (const m of source.matchAll(pattern)) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

function moduleOf(file: string): Module {
  const rel = relative(join(root, "src"), file);
  if (rel === "cli.ts") return "cli";
  return rel.split("/")[0] as Module;
}

/** Forbidden edges in the tree, as "file -> specifier". */
export function forbiddenEdges(files: Iterable<string>, read: (f: string) => string): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const mod = moduleOf(file);
    for (const spec of importsOf(read(file))) {
      const crossesByPath =
        spec.startsWith("..") && !join(file, "..", spec).includes(`/src/${mod}/`) && mod !== "cli";
      if (
        forbidden[mod]?.some((re) => re.test(spec)) ||
        (crossesByPath && join(file, "..", spec).includes("/src/"))
      ) {
        bad.push(`${relative(root, file)} -> ${spec}`);
      }
    }
  }
  return bad;
}

describe("the import graph", () => {
  test("has no forbidden edge anywhere in src", () => {
    expect(forbiddenEdges(sourceFiles(join(root, "src")), (f) => readFileSync(f, "utf8"))).toEqual([]);
  });

  test("a gateway file importing core is caught", () => {
    const fake = join(root, "src/gateway/fake.ts");
    const sources: Record<string, string> = {
      [fake]: 'import { createEngine } from "#core/engine/engine.ts";\n',
    };
    expect(forbiddenEdges([fake], (f) => sources[f] ?? "")).toEqual([
      "src/gateway/fake.ts -> #core/engine/engine.ts",
    ]);
  });

  test.each([
    ['import postgres from "postgres";', "postgres"],
    ['import { Database } from "bun:sqlite";', "bun:sqlite"],
    ['const m = await import("@extism/extism");', "@extism/extism"],
    ['import { x } from "../../core/x.ts";', "../../core/x.ts"],
  ])("a gateway file with %s is caught", (line, spec) => {
    const fake = join(root, "src/gateway/telnet/fake.ts");
    expect(forbiddenEdges([fake], () => line)).toEqual([`src/gateway/telnet/fake.ts -> ${spec}`]);
  });
});
