import { expect, test } from "bun:test";
import { devChildArgs } from "./run-dev.ts";

test("dev on a terminal gives its children text logs unless a format was chosen by flag or environment", () => {
  expect(devChildArgs("core", [], {}, true)).toEqual(["--log-format=text"]);
  expect(devChildArgs("core", [], {}, false)).toEqual([]);
  expect(devChildArgs("core", ["--log-format", "json"], {}, true)).toEqual(["--log-format", "json"]);
  expect(devChildArgs("gateway", ["--log-format=json"], {}, true)).toEqual(["--log-format=json"]);
  expect(devChildArgs("core", [], { HOLOMUSH_LOG_FORMAT: "json" }, true)).toEqual([]);
});
