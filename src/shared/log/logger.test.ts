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

  test("writes text lines that still name service and version", () => {
    const { logger, lines } = capture("text");
    logger.withTag("tls").warn("self-signed", { path: "/x" });
    expect(lines[0]).toMatch(/^\S+ warn {2}core@1\.2\.3 \[tls\] self-signed \{"path":"\/x"\}\n$/);
  });
});
