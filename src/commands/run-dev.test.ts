import { expect, test } from "bun:test";
import { devChildArgs, withFlag } from "./run-dev.ts";

test("dev on a terminal gives its children text logs unless a format was chosen by flag or environment", () => {
  expect(devChildArgs("core", [], {}, true)).toEqual(["--log-format=text"]);
  expect(devChildArgs("core", [], {}, false)).toEqual([]);
  expect(devChildArgs("core", ["--log-format", "json"], {}, true)).toEqual(["--log-format", "json"]);
  expect(devChildArgs("gateway", ["--log-format=json"], {}, true)).toEqual(["--log-format=json"]);
  expect(devChildArgs("core", [], { HOLOMUSH_LOG_FORMAT: "json" }, true)).toEqual([]);
});

test("a flag set for a restarted child replaces the one given, in either spelling, and keeps the others", () => {
  expect(withFlag(["--grpc-addr=127.0.0.1:0", "--guests"], "grpc-addr", "127.0.0.1:4100")).toEqual([
    "--guests",
    "--grpc-addr=127.0.0.1:4100",
  ]);
  expect(withFlag(["--grpc-addr", "127.0.0.1:0", "--replay-limit=9"], "grpc-addr", "127.0.0.1:4100")).toEqual(
    ["--replay-limit=9", "--grpc-addr=127.0.0.1:4100"],
  );
  expect(withFlag(["--grpc-address-book=x"], "grpc-addr", "a:1")).toEqual([
    "--grpc-address-book=x",
    "--grpc-addr=a:1",
  ]);
});
