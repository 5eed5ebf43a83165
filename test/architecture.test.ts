import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  importCycles,
  importGraph,
  importsOf,
  type LayerTable,
  layerViolations,
} from "./support/import-graph.ts";

// Invariant: the import graph is the architecture: which module may import which, the core's layers, no cycles.
const root = join(import.meta.dir, "..");

type Module = "core" | "gateway" | "plugins" | "commands" | "shared" | "gen" | "cli" | "web";

/** What code that runs anywhere (shared, and the browser app) may not import. */
const runsAnywhere = [
  /^#core\//,
  /^#gateway\//,
  /^#plugins\//,
  /^#commands\//,
  /^#gen\//,
  /^postgres$/,
  /^bun:sqlite$/,
  /^@extism\//,
];

const forbidden: Record<Module, RegExp[]> = {
  core: [/^#gateway\//, /^#commands\//, /^#plugins\//],
  gateway: [/^#core\//, /^#plugins\//, /^#commands\//, /^postgres$/, /^bun:sqlite$/, /^@extism\//],
  plugins: [/^#gateway\//, /^#commands\//],
  shared: runsAnywhere,
  gen: [/^#/],
  // The browser app: only the shared code that runs anywhere (markup parser, event schema).
  web: runsAnywhere,
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

/**
 * The core's layers, lowest first: a file imports its own folder and lower layers only.
 * Events sit at the bottom; `store` holds the database primitives, migrations and event-store adapters
 * that every domain adapter builds on; the domain folders come in the order they use one another
 * (accounts are everyone's identities, channels speak through comms; help, the topics `help` reads, stands
 * alone); the engine runs the domain;
 * plugins reach the game through the engine; the files that open every store (choosing the adapters)
 * sit above all the adapters they choose; the game wires it all; the RPC layer serves the game (its handlers
 * call the game, which never speaks RPC); `main.ts` starts both.
 */
export const coreLayers: LayerTable = [
  ["events"],
  ["store"],
  ["accounts", "broadcast"],
  ["world", "comms", "sessions"],
  ["channels", "help", "mail", "boards", "policy", "scenes", "moderation"],
  ["engine"],
  ["plugin-bridge"],
  ["store/*-stores.ts"],
  ["game", "admin-password-file.ts"],
  ["rpc"],
  ["main.ts"],
];

/** A test, a contract suite or test support may drive its code through a higher layer; the order binds what ships. */
const isTest = (file: string) => /\.(test|contract)\.ts$|\/test-support\//.test(file);

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

/** Test code imported by what ships, as "file -> specifier": a test-support folder, `#test/` or test/. */
export function testCodeImports(files: Iterable<string>, read: (f: string) => string): string[] {
  const bad: string[] = [];
  for (const file of files) {
    if (isTest(file)) continue;
    for (const spec of importsOf(read(file))) {
      const target = spec.startsWith(".") ? relative(root, join(file, "..", spec)) : spec;
      if (/(^|\/)test-support\//.test(target) || /^(#test|test)\//.test(target)) {
        bad.push(`${relative(root, file)} -> ${spec}`);
      }
    }
  }
  return bad;
}

function srcGraph() {
  const files = [...sourceFiles(join(root, "src"))].map((f) => relative(root, f));
  return importGraph(files, (f) => readFileSync(join(root, f), "utf8"));
}

describe("the import graph", () => {
  test("has no forbidden edge anywhere in src", () => {
    expect(forbiddenEdges(sourceFiles(join(root, "src")), (f) => readFileSync(f, "utf8"))).toEqual([]);
  });

  test("has no import cycle anywhere in src, not even a type-only one", () => {
    expect(importCycles(srcGraph())).toEqual([]);
  });

  test("the core imports only down its layers, and every core file has a layer", () => {
    expect(layerViolations(srcGraph(), "src/core/", coreLayers, isTest)).toEqual([]);
  });

  test("nothing that ships imports a test harness, a fake or test/support", () => {
    expect(testCodeImports(sourceFiles(join(root, "src")), (f) => readFileSync(f, "utf8"))).toEqual([]);
  });

  test.each([
    ['import { engineHarness } from "./test-support/engine-harness.ts";', "src/core/engine/engine.ts"],
    ['import { fakeLink } from "../play/test-support/fake-link.ts";', "src/gateway/telnet/server.ts"],
    ['import { suiteDatabase } from "#test/support/pg-database.ts";', "src/core/store/open-stores.ts"],
    ['import { x } from "../../../test/support/x.ts";', "src/core/store/open-stores.ts"],
  ])("a production file with %s is caught, and a test or test support with it is not", (line, file) => {
    const read = () => line;
    const spec = importsOf(line)[0];
    expect(testCodeImports([join(root, file)], read)).toEqual([`${file} -> ${spec}`]);
    const testFile = join(root, file.replace(/\.ts$/, ".test.ts"));
    const support = join(root, file.replace(/[^/]+$/, "test-support/harness.ts"));
    expect(testCodeImports([testFile, support], read)).toEqual([]);
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
    ['import { createGateway } from "#gateway/main.ts";', "#gateway/main.ts"],
    ['import { createEngine } from "#core/engine/engine.ts";', "#core/engine/engine.ts"],
    ['import { x } from "#gen/holomush/x.ts";', "#gen/holomush/x.ts"],
    ['import { Database } from "bun:sqlite";', "bun:sqlite"],
  ])("a web client file with %s is caught", (line, spec) => {
    const fake = join(root, "src/web/fake.ts");
    expect(forbiddenEdges([fake], () => line)).toEqual([`src/web/fake.ts -> ${spec}`]);
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

describe("the cycle and layer checker", () => {
  const graphOf = (sources: Record<string, string>) =>
    importGraph(Object.keys(sources), (f) => sources[f] ?? "");

  test("a cycle of three files is reported as its path", () => {
    const graph = graphOf({
      "src/core/sessions/a.ts": 'import { b } from "./b.ts";\n',
      "src/core/sessions/b.ts": 'import { c } from "#core/sessions/c.ts";\n',
      "src/core/sessions/c.ts": 'export { a } from "./a.ts";\n',
    });
    expect(importCycles(graph)).toEqual([
      "src/core/sessions/a.ts -> src/core/sessions/b.ts -> src/core/sessions/c.ts -> src/core/sessions/a.ts",
    ]);
  });

  test("a cycle made only of type imports is caught too", () => {
    const graph = graphOf({
      "src/plugins/slot.ts": 'import type { Call } from "./call.ts";\n',
      "src/plugins/call.ts": 'import { type Slot } from "./slot.ts";\n',
    });
    expect(importCycles(graph)).toEqual([
      "src/plugins/call.ts -> src/plugins/slot.ts -> src/plugins/call.ts",
    ]);
  });

  test("a graph without a cycle passes", () => {
    const graph = graphOf({
      "src/core/engine/a.ts": 'import type { E } from "#core/events/event.ts";\n',
      "src/core/events/event.ts": "export type E = 1;\n",
    });
    expect(importCycles(graph)).toEqual([]);
  });

  test.each([
    [
      "an upward edge",
      "src/core/world/world-service.ts",
      'import type { Engine } from "#core/engine/engine.ts";',
      "src/core/engine/engine.ts",
      "upward: world may not import engine",
    ],
    [
      "a type-only upward edge",
      "src/core/events/event.ts",
      'import type { Session } from "../sessions/session.ts";',
      "src/core/sessions/session.ts",
      "upward: events may not import sessions",
    ],
    [
      "a database primitive importing the file that chooses the adapters",
      "src/core/store/embedded/embedded-database.ts",
      'import { openStores } from "../open-stores.ts";',
      "src/core/store/open-stores.ts",
      "upward: store may not import store/*-stores.ts",
    ],
    [
      "an edge between two folders of one layer",
      "src/core/comms/messages.ts",
      'import type { World } from "#core/world/world.ts";',
      "src/core/world/world.ts",
      "sideways, within one layer: comms may not import world",
    ],
  ])("%s in the core is caught", (_, from, line, to, why) => {
    const graph = graphOf({ [from]: `${line}\n`, [to]: "export type T = 1;\n" });
    expect(layerViolations(graph, "src/core/", coreLayers)).toEqual([`${from} -> ${to} (${why})`]);
  });

  test("a core file outside the layer table is caught", () => {
    const graph = graphOf({ "src/core/newfolder/x.ts": "export const x = 1;\n" });
    expect(layerViolations(graph, "src/core/", coreLayers)).toEqual([
      "src/core/newfolder/x.ts (not in the layer table)",
    ]);
  });

  test("a downward edge, and one within a folder, pass", () => {
    const graph = graphOf({
      "src/core/engine/engine.ts":
        'import { w } from "#core/world/world-service.ts";\nimport "./command.ts";\n',
      "src/core/engine/command.ts": "export const c = 1;\n",
      "src/core/world/world-service.ts": 'import type { E } from "#core/events/event.ts";\n',
      "src/core/events/event.ts": "export type E = 1;\n",
    });
    expect(layerViolations(graph, "src/core/", coreLayers)).toEqual([]);
  });
});
