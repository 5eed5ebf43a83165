import { describe, expect, test } from "bun:test";
import { createLogger } from "./logger.ts";

function capture(format: "json" | "text") {
  const lines: string[] = [];
  const logger = createLogger({ service: "core", version: "1.2.3", format, write: (l) => lines.push(l) });
  return { logger, lines };
}

describe("the logger", () => {
  test("writes JSON lines that carry service, version, module, message and fields", () => {
    const { logger, lines } = capture("json");
    logger.withTag("grpc").info("serving", { addr: "127.0.0.1:9000" });
    logger.error("failed", new Error("boom"));
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: expect.any(String),
        level: "info",
        service: "core",
        version: "1.2.3",
        module: "grpc",
        msg: "serving",
        addr: "127.0.0.1:9000",
      },
      {
        time: expect.any(String),
        level: "error",
        service: "core",
        version: "1.2.3",
        msg: "failed",
        error: "boom",
      },
    ]);
  });

  test("keeps service and version when a field has the same name", () => {
    const { logger, lines } = capture("json");
    logger.info("plugin loaded", { plugin: "dice", version: "1.0.0", service: "x" });
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      service: "core",
      version: "1.2.3",
      plugin: "dice",
      fields: { version: "1.0.0", service: "x" },
    });
  });

  test("a tag asked for again gives the same logger, nested tags included, and logs under the full tag", () => {
    const { logger, lines } = capture("json");
    const play = logger.withTag("play");
    expect(logger.withTag("play")).toBe(play);
    expect(play.withTag("login")).toBe(logger.withTag("play").withTag("login"));
    play.withTag("login").info("hello");
    expect(JSON.parse(lines[0] ?? "{}").module).toBe("play:login");
  });

  test("writes text lines that still name service and version", () => {
    const { logger, lines } = capture("text");
    logger.withTag("tls").warn("self-signed", { path: "/x" });
    expect(lines[0]).toMatch(/^\S+ warn {2}core@1\.2\.3 \[tls\] self-signed \{"path":"\/x"\}\n$/);
  });

  const hostile =
    "Mal\u001b[2J\u001b]0;pwned\u0007\r\nforged line\u007f\u009b31m\u202eevil\u2028x\u2029y\u200bz\ufeff\ud800";
  const escaped =
    "Mal\\u001b[2J\\u001b]0;pwned\\u0007\\u000d\\u000aforged line\\u007f\\u009b31m\\u202eevil\\u2028x\\u2029y\\u200bz\\ufeff\\ud800";

  test("text lines escape control, bidi, separator and zero-width characters from a login name", () => {
    const { logger, lines } = capture("text");
    logger.warn(`login failed for ${hostile}`, { name: hostile });
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive.
      /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\p{Cs}/u,
    );
    expect(line).toContain(`login failed for ${escaped}`);
  });

  test("JSON lines also escape DEL, C1, bidi and invisible characters, and still parse to the same value", () => {
    const { logger, lines } = capture("json");
    logger.warn("login failed", { name: hostile });
    const line = lines[0] as string;
    expect(line.slice(0, -1)).not.toMatch(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive.
      /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\p{Cs}/u,
    );
    expect(JSON.parse(line).name).toBe(hostile);
  });
});
