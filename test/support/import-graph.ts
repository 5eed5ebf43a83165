import { dirname, join, normalize } from "node:path";

/** Every module specifier a source imports: `import`, `import type`, `export … from`, side-effect and dynamic imports. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern =
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
  for (const m of source.matchAll(pattern)) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

/** Files (paths relative to the repository, e.g. `src/core/x.ts`) and the files each imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const alias = /^#(core|gateway|shared|plugins|gen|commands)\/(.+)$/;

/**
 * The graph of src files: an edge for each import that names another file in `files`, type-only ones
 * included, since a type cycle still ties two files' meanings together.
 */
export function importGraph(files: readonly string[], read: (file: string) => string): ImportGraph {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const spec of importsOf(read(file))) {
      const aliased = alias.exec(spec);
      const target = aliased
        ? `src/${aliased[1]}/${aliased[2]}`
        : spec.startsWith(".")
          ? normalize(join(dirname(file), spec))
          : undefined;
      if (target !== undefined && known.has(target) && !targets.includes(target)) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** One path for each import cycle, as `a -> b -> a`; one per strongly connected group of files. */
export function importCycles(graph: ImportGraph): string[] {
  const cycles: string[] = [];
  for (const group of stronglyConnected(graph)) {
    const start = [...group].sort()[0] as string;
    const path = shortestPathBack(graph, start, group);
    if (path) cycles.push([...path, start].join(" -> "));
  }
  return cycles.sort();
}

/** Tarjan's algorithm; only groups that hold a cycle (more than one file, or a file importing itself). */
function stronglyConnected(graph: ImportGraph): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: Set<string>[] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = new Set<string>();
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      group.add(w);
    } while (w !== v);
    if (group.size > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

/** The shortest import path from `start` back to itself within `group`, without the closing step. */
function shortestPathBack(graph: ImportGraph, start: string, group: Set<string>): string[] | undefined {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of graph.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
        return path;
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return undefined;
}

/**
 * A module's layers, lowest first. Each entry names a folder or a file under the module's root, where `*`
 * stands for any part of one name; a file belongs to its longest matching entry. A file may import its own entry's files and any lower layer's;
 * never a higher layer, and never another entry of its own layer.
 */
export type LayerTable = readonly (readonly string[])[];

/** Where `file` (relative to the module root) sits in `layers`: its entry and the layer's index. */
export function layerOf(layers: LayerTable, file: string): { entry: string; rank: number } | undefined {
  let best: { entry: string; rank: number } | undefined;
  layers.forEach((entries, rank) => {
    for (const entry of entries) {
      const pattern = entry.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*");
      const matches = new RegExp(`^${pattern}(/|$)`).test(file);
      if (matches && (!best || entry.length > best.entry.length)) best = { entry, rank };
    }
  });
  return best;
}

/**
 * Edges against the order, as `from -> to (why)`, for files under `moduleRoot` (e.g. `src/core/`), and
 * every file there that the table does not place. Files `exempt` matches may import any layer.
 */
export function layerViolations(
  graph: ImportGraph,
  moduleRoot: string,
  layers: LayerTable,
  exempt: (file: string) => boolean = () => false,
): string[] {
  const bad: string[] = [];
  const inModule = (f: string) => f.startsWith(moduleRoot);
  for (const [file, targets] of graph) {
    if (!inModule(file)) continue;
    const from = layerOf(layers, file.slice(moduleRoot.length));
    if (!from) {
      bad.push(`${file} (not in the layer table)`);
      continue;
    }
    if (exempt(file)) continue;
    for (const target of targets) {
      if (!inModule(target)) continue;
      const to = layerOf(layers, target.slice(moduleRoot.length));
      if (!to || to.entry === from.entry || to.rank < from.rank) continue;
      const why = to.rank > from.rank ? "upward" : "sideways, within one layer";
      bad.push(`${file} -> ${target} (${why}: ${from.entry} may not import ${to.entry})`);
    }
  }
  return bad.sort();
}
