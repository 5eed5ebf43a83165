import { expect, test } from "bun:test";
import { renderTable } from "./render-table.ts";

test("a table aligns its columns and trims trailing spaces", () => {
  expect(
    renderTable([
      ["PROCESS", "STATE", "PID", "UPTIME"],
      ["core", "running", "1234", "5m 3s"],
      ["gateway", "stopped", "", ""],
    ]),
  ).toBe(["PROCESS  STATE    PID   UPTIME", "core     running  1234  5m 3s", "gateway  stopped"].join("\n"));
});
