import { expect, test } from "bun:test";
import { sanitizePluginText } from "./sanitize-plugin-text.ts";

test("control characters and terminal escapes are stripped but newlines, tabs and Unicode stay", () => {
  expect(sanitizePluginText("a\u001b[31mb\u0007c\u009bd\r\n\té☃\uFFFD")).toBe("a[31mbcd\n\té☃\uFFFD");
});

test("text is capped at the given length", () => {
  expect(sanitizePluginText("x".repeat(10), 4)).toBe("xxxx");
});
