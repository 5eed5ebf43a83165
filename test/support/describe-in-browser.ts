import { describe, test } from "bun:test";
import { chromiumMissing } from "./chromium.ts";

/**
 * A describe block that needs chromium. Without it the block fails under CI=true (a missing browser must not
 * pass as green) and is skipped with a message elsewhere, so a laptop without chromium can still run the rest.
 */
export function describeInBrowser(name: string, body: () => void): void {
  const missing = chromiumMissing();
  if (missing === undefined) {
    describe(name, body);
  } else if (process.env.CI === "true") {
    describe(name, () => {
      test("chromium is installed", () => {
        throw new Error(missing);
      });
    });
  } else {
    process.stderr.write(`skipping "${name}": ${missing}\n`);
    describe.skip(name, body);
  }
}
