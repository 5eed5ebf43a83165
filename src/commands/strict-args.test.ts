import { describe, expect, test } from "bun:test";
import type { ArgsDef } from "citty";
import { assertKnownArgs } from "./strict-args.ts";

const defs: ArgsDef = { "grpc-addr": { type: "string" }, json: { type: "boolean" } };

describe("assertKnownArgs", () => {
  test.each([[["--grpc-addr", "1:2"]], [["--grpc-addr=1:2", "--json"]], [["--no-json"]], [[]]])(
    "accepts declared flags %p",
    (raw) => {
      expect(() => assertKnownArgs(raw, defs)).not.toThrow();
    },
  );

  test.each([
    [["--bogus"], 'unknown flag "--bogus" (see --help)'],
    [["--grpc-addr"], 'flag "--grpc-addr" needs a value'],
    [["extra"], 'unexpected argument "extra"'],
  ])("refuses %p with a clear message", (raw, message) => {
    expect(() => assertKnownArgs(raw, defs)).toThrow(message);
  });

  test("accepts as many positional words as the command declares, and refuses one more", () => {
    const withFile: ArgsDef = { ...defs, file: { type: "positional", required: false } };
    expect(() => assertKnownArgs(["backup.db", "--json"], withFile)).not.toThrow();
    expect(() => assertKnownArgs(["a.db", "b.db"], withFile)).toThrow('unexpected argument "b.db"');
  });
});
