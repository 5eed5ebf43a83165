import { afterEach, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock, systemClock } from "#shared/util/clock.ts";
import { ensureCertificates, sanDnsNames } from "./ensure-certificates.ts";

const gameId = "01JABCDEF0123456789XYZABCD";
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freshDir(): string {
  const base = mkdtempSync(join(tmpdir(), "holomush-certs-"));
  dirs.push(base);
  return join(base, "certs");
}

function deps(certsDir: string, id = gameId, clock = systemClock()) {
  const { logger, lines } = collectingLogger();
  return { deps: { certsDir, gameId: id, clock, log: logger }, lines };
}

const day = 86_400_000;

describe("ensureCertificates", () => {
  test("the first run creates the CA, core and gateway certificates and logs where", async () => {
    const dir = freshDir();
    const { deps: d, lines } = deps(dir);
    const certs = await ensureCertificates(d);
    expect(certs.issued).toEqual(["root-ca", "core", "gateway"]);
    expect(lines().map((l) => l.msg)).toEqual([`wrote TLS certificates (root-ca, core, gateway) to ${dir}`]);
    expect(certs.core.ca).toBe(readFileSync(certs.paths.caCert, "utf8"));
    expect(certs.gateway.key).toBe(readFileSync(certs.paths.gatewayKey, "utf8"));
  });

  test("keys are mode 0600 and the directory 0700", async () => {
    const certs = await ensureCertificates(deps(freshDir()).deps);
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect([certs.paths.caKey, certs.paths.coreKey, certs.paths.gatewayKey].map(mode)).toEqual([
      0o600, 0o600, 0o600,
    ]);
    expect(mode(certs.paths.dir)).toBe(0o700);
  });

  test("the core certificate carries localhost, 127.0.0.1 and holomush-<game_id> in lowercase", async () => {
    const certs = await ensureCertificates(deps(freshDir()).deps);
    const core = new X509Certificate(certs.core.cert);
    expect(core.subjectAltName).toBe(
      `DNS:localhost, IP Address:127.0.0.1, DNS:holomush-${gameId.toLowerCase()}`,
    );
    expect(core.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
  });

  test("the gateway certificate is a client certificate named holomush-gateway", async () => {
    const certs = await ensureCertificates(deps(freshDir()).deps);
    const gw = new X509Certificate(certs.gateway.cert);
    expect(gw.subject).toContain("CN=holomush-gateway");
    expect(gw.keyUsage).toEqual(["1.3.6.1.5.5.7.3.2"]);
    expect(gw.ca).toBe(false);
  });

  test("the CA is valid 10 years and the leaves 1 year, all starting a minute back", async () => {
    const clock = manualClock(Date.parse("2030-01-01T00:00:00Z"));
    const certs = await ensureCertificates(deps(freshDir(), gameId, clock).deps);
    const span = (pem: string) => {
      const c = new X509Certificate(pem);
      return [c.validFrom, c.validTo].map((s) => new Date(Date.parse(s)).toISOString());
    };
    expect(span(certs.core.ca)).toEqual([
      "2029-12-31T23:59:00.000Z",
      new Date(clock.now() + 3650 * day).toISOString(),
    ]);
    expect(span(certs.core.cert)).toEqual(["2029-12-31T23:59:00.000Z", "2031-01-01T00:00:00.000Z"]);
    expect(span(certs.gateway.cert)).toEqual(["2029-12-31T23:59:00.000Z", "2031-01-01T00:00:00.000Z"]);
    expect(new X509Certificate(certs.core.ca).ca).toBe(true);
  });

  test("serials are positive and 128 bits long, and differ between certificates", async () => {
    const certs = await ensureCertificates(deps(freshDir()).deps);
    const serials = [certs.core.ca, certs.core.cert, certs.gateway.cert].map(
      (p) => new X509Certificate(p).serialNumber,
    );
    for (const s of serials) {
      expect(s).toHaveLength(32);
      expect(Number.parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80);
    }
    expect(new Set(serials).size).toBe(3);
  });

  test("a second run reuses every certificate", async () => {
    const dir = freshDir();
    const first = await ensureCertificates(deps(dir).deps);
    const { deps: d, lines } = deps(dir);
    const second = await ensureCertificates(d);
    expect(second.issued).toEqual([]);
    expect(second).toEqual({ ...first, issued: [] });
    expect(lines().map((l) => l.msg)).toEqual([`using TLS certificates in ${dir}`]);
  });

  test("a new game_id re-issues only the core certificate, from the same CA", async () => {
    const dir = freshDir();
    const first = await ensureCertificates(deps(dir).deps);
    const { deps: d, lines } = deps(dir, "01OTHERGAME000000000000000");
    const second = await ensureCertificates(d);
    expect(second.issued).toEqual(["core"]);
    expect(second.core.ca).toBe(first.core.ca);
    expect(second.gateway.cert).toBe(first.gateway.cert);
    expect(sanDnsNames(new X509Certificate(second.core.cert))).toContain(
      "holomush-01othergame000000000000000",
    );
    expect(String(lines()[0]?.msg)).toContain("SAN lacks holomush-01othergame000000000000000");
  });

  test("a core certificate about to expire is re-issued", async () => {
    const dir = freshDir();
    const clock = manualClock(Date.now());
    await ensureCertificates(deps(dir, gameId, clock).deps);
    clock.advance(340 * day);
    expect((await ensureCertificates(deps(dir, gameId, clock).deps)).issued).toEqual(["core", "gateway"]);
  });

  test("a key readable by group or others is refused, naming the file and the chmod fix", async () => {
    const dir = freshDir();
    const certs = await ensureCertificates(deps(dir).deps);
    chmodSync(certs.paths.coreKey, 0o644);
    await expect(ensureCertificates(deps(dir).deps)).rejects.toThrow(
      `private key ${certs.paths.coreKey} is readable by group or others (mode 0644); fix it with: chmod 600 ${certs.paths.coreKey}`,
    );
  });

  test("a corrupted certificate gives a one-line error naming the file", async () => {
    const dir = freshDir();
    const certs = await ensureCertificates(deps(dir).deps);
    writeFileSync(
      certs.paths.coreCert,
      "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
    );
    const error = await ensureCertificates(deps(dir).deps).then(
      () => new Error("expected a rejection"),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: "failed_precondition" });
    expect(error.message).toStartWith(`${certs.paths.coreCert} is not a valid PEM certificate`);
    expect(error.message).not.toContain("\n");
  });

  test("a corrupted root CA key gives a one-line error naming the file", async () => {
    const dir = freshDir();
    const certs = await ensureCertificates(deps(dir).deps);
    writeFileSync(certs.paths.caKey, "garbage", { mode: 0o600 });
    await expect(ensureCertificates(deps(dir).deps)).rejects.toThrow(
      `${certs.paths.caKey} is not a valid PEM private key`,
    );
  });
});
