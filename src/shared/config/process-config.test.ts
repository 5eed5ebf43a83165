import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mergeConfigFile, readConfigFile } from "./config-file.ts";
import { loadCoreConfig, loadGatewayConfig } from "./process-config.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configDirWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(dir, "c-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe("config precedence", () => {
  test("defaults apply when nothing else is set", () => {
    const config = loadCoreConfig({ "config-dir": configDirWith({}) }, {}, "/h");
    expect(config.grpcAddr).toEqual({ host: "127.0.0.1", port: 9000 });
    expect(config.logFormat).toBe("json");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.sessionTtlMs).toBe(24 * 3_600_000);
  });

  test("the config file overrides defaults", () => {
    const configDir = configDirWith({ "core.yaml": "grpc_addr: 127.0.0.1:9100\nlog_format: text\n" });
    const config = loadCoreConfig({ "config-dir": configDir }, {}, "/h");
    expect(config.grpcAddr.port).toBe(9100);
    expect(config.logFormat).toBe("text");
  });

  test("environment variables override the config file", () => {
    const configDir = configDirWith({ "core.yaml": "grpc_addr: 127.0.0.1:9100\n" });
    const config = loadCoreConfig(
      { "config-dir": configDir },
      { HOLOMUSH_GRPC_ADDR: "127.0.0.1:9200" },
      "/h",
    );
    expect(config.grpcAddr.port).toBe(9200);
  });

  test("flags override environment variables", () => {
    const configDir = configDirWith({ "core.yaml": "grpc_addr: 127.0.0.1:9100\n" });
    const config = loadCoreConfig(
      { "config-dir": configDir, "grpc-addr": "127.0.0.1:9300" },
      { HOLOMUSH_GRPC_ADDR: "127.0.0.1:9200" },
      "/h",
    );
    expect(config.grpcAddr.port).toBe(9300);
  });

  test("the gateway reads game_id and core_addr from gateway.yaml, which the core writes", () => {
    const configDir = configDirWith({ "gateway.yaml": "telnet_addr: 127.0.0.1:4300\n" });
    mergeConfigFile(join(configDir, "gateway.yaml"), configDir, {
      game_id: "01abc",
      core_addr: "127.0.0.1:9400",
    });
    const config = loadGatewayConfig({ "config-dir": configDir }, {}, "/h");
    expect(config.gameId).toBe("01abc");
    expect(config.coreAddr).toEqual({ host: "127.0.0.1", port: 9400 });
    expect(config.telnetAddr).toEqual({ host: "127.0.0.1", port: 4300 });
    expect(readConfigFile(join(configDir, "gateway.yaml")).telnet_addr).toBe("127.0.0.1:4300");
  });

  test("telnet listens on every interface by default; the plain-HTTP web listener on loopback only", () => {
    const config = loadGatewayConfig({ "config-dir": configDirWith({}) }, {}, "/h");
    expect(config.telnetAddr).toEqual({ host: "0.0.0.0", port: 4201 });
    expect(config.telnetTlsAddr).toEqual({ host: "0.0.0.0", port: 4202 });
    expect(config.webAddr).toEqual({ host: "127.0.0.1", port: 8080 });
  });

  test("the per-IP telnet connection cap defaults to 20 and can be raised (the telnet bench needs thousands)", () => {
    const configDir = configDirWith({});
    expect(loadGatewayConfig({ "config-dir": configDir }, {}, "/h").maxConnectionsPerIp).toBe(20);
    const raised = loadGatewayConfig({ "config-dir": configDir, "max-connections-per-ip": "6000" }, {}, "/h");
    expect(raised.maxConnectionsPerIp).toBe(6000);
    expect(() =>
      loadGatewayConfig({ "config-dir": configDir, "max-connections-per-ip": "0" }, {}, "/h"),
    ).toThrow('--max-connections-per-ip must be a whole number above 0, not "0"');
  });

  test("the per-IP login burst defaults to 20 and is set by core.yaml, HOLOMUSH_LOGIN_BURST_PER_IP or --login-burst-per-ip", () => {
    const configDir = configDirWith({ "core.yaml": "login_burst_per_ip: 40\n" });
    expect(loadCoreConfig({ "config-dir": configDirWith({}) }, {}, "/h").loginBurstPerIp).toBe(20);
    expect(loadCoreConfig({ "config-dir": configDir }, {}, "/h").loginBurstPerIp).toBe(40);
    const env = { HOLOMUSH_LOGIN_BURST_PER_IP: "60" };
    expect(loadCoreConfig({ "config-dir": configDir }, env, "/h").loginBurstPerIp).toBe(60);
    const flags = { "config-dir": configDir, "login-burst-per-ip": "80" };
    expect(loadCoreConfig(flags, env, "/h").loginBurstPerIp).toBe(80);
    expect(() => loadCoreConfig({ "config-dir": configDir, "login-burst-per-ip": "0" }, {}, "/h")).toThrow(
      '--login-burst-per-ip must be a whole number above 0, not "0"',
    );
  });

  test("the global connection cap defaults to 10,000 and the login deadline to 5 minutes; both must be above 0", () => {
    const configDir = configDirWith({});
    expect(loadGatewayConfig({ "config-dir": configDir }, {}, "/h")).toMatchObject({
      maxConnections: 10_000,
      loginTimeoutMs: 5 * 60_000,
    });
    const set = loadGatewayConfig({ "config-dir": configDir }, { HOLOMUSH_LOGIN_TIMEOUT: "90s" }, "/h");
    expect(set.loginTimeoutMs).toBe(90_000);
    expect(() => loadGatewayConfig({ "config-dir": configDir, "login-timeout": "0s" }, {}, "/h")).toThrow(
      '--login-timeout must be longer than 0, not "0s"',
    );
    expect(() => loadGatewayConfig({ "config-dir": configDir, "max-connections": "0" }, {}, "/h")).toThrow(
      '--max-connections must be a whole number above 0, not "0"',
    );
  });
});

describe("bad config", () => {
  test.each([
    [{ "grpc-addr": "nonsense" }, {}, '--grpc-addr must look like host:port or :port, not "nonsense"'],
    [{ "log-format": "xml" }, {}, '--log-format must be one of json, text, not "xml"'],
    [
      {},
      { HOLOMUSH_UNSAFE_DURABILITY: "maybe" },
      'HOLOMUSH_UNSAFE_DURABILITY must be true or false, not "maybe"',
    ],
    [{ "session-ttl": "forever" }, {}, '--session-ttl must be a duration such as 30m or 24h, not "forever"'],
  ])("%p with env %p is refused with a clear message", (flags, env, message) => {
    expect(() => loadCoreConfig({ "config-dir": configDirWith({}), ...flags }, env, "/h")).toThrow(message);
  });

  test("an invalid YAML file is named in the error", () => {
    const configDir = configDirWith({ "core.yaml": "grpc_addr: [unclosed\n" });
    expect(() => loadCoreConfig({ "config-dir": configDir }, {}, "/h")).toThrow(
      /core\.yaml is not valid YAML/,
    );
  });
});

describe("help, message of the day and built-in plugins", () => {
  test("by default help topics are read from <data-dir>/help, the motd from <config-dir>/motd.txt if present, and only dice is loaded", () => {
    const configDir = configDirWith({});
    const config = loadCoreConfig({ "config-dir": configDir, "data-dir": "/d" }, {}, "/h");
    expect({ help: config.helpDir, motd: config.motdFile, plugins: config.builtinPlugins }).toEqual({
      help: "/d/help",
      motd: { path: join(configDir, "motd.txt"), required: false },
      plugins: ["dice"],
    });
  });

  test("a named motd file is required, and --builtin-plugins takes a list or none", () => {
    const configDir = configDirWith({});
    const flags = { "config-dir": configDir, "motd-file": "/etc/motd.txt", "builtin-plugins": "Echo, dice" };
    const config = loadCoreConfig(flags, {}, "/h");
    expect(config.motdFile).toEqual({ path: "/etc/motd.txt", required: true });
    expect(config.builtinPlugins).toEqual(["echo", "dice"]);
    const none = loadCoreConfig({ "config-dir": configDir }, { HOLOMUSH_BUILTIN_PLUGINS: "none" }, "/h");
    expect(none.builtinPlugins).toEqual([]);
  });
});
