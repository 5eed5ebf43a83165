import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_CONNECT_SCREEN_BYTES, readConnectScreen } from "./connect-screen.ts";

const dir = mkdtempSync(join(tmpdir(), "connect-screen-"));
const at = (name: string, text?: string) => {
  const path = join(dir, name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};

test("the operator's file replaces the login screen; an absent optional one leaves the built-in", async () => {
  const path = at("connect.txt", "%[bold]The Rusty Anchor%[/]\r\nconnect <name> <password>\r\n\r\n");
  expect(await readConnectScreen({ path, required: false })).toBe(
    "%[bold]The Rusty Anchor%[/]\nconnect <name> <password>\n",
  );
  expect(await readConnectScreen({ path: at("absent.txt"), required: false })).toBeUndefined();
});

test("a named file that is missing, empty or too big stops the start with a clear message", async () => {
  await expect(readConnectScreen({ path: at("gone.txt"), required: true })).rejects.toThrow(/does not exist/);
  await expect(readConnectScreen({ path: at("empty.txt", "\n\n"), required: false })).rejects.toThrow(
    /is empty/,
  );
  const big = at("big.txt", "x".repeat(MAX_CONNECT_SCREEN_BYTES + 1));
  await expect(readConnectScreen({ path: big, required: false })).rejects.toThrow(/at most/);
});
