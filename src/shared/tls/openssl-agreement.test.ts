import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { type Certificates, ensureCertificates } from "./ensure-certificates.ts";

// Pins that `openssl verify` and `openssl x509 -text` agree with what we issue: both leaves chain to the CA, and
// the SANs, lifetimes and key usages are the ones the gateway and core check.
const hasOpenssl = Bun.which("openssl") !== null;
let base = "";
let certs: Certificates;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "holomush-openssl-"));
  certs = await ensureCertificates({
    certsDir: join(base, "certs"),
    gameId: "01JOPENSSL00000000000000AB",
    clock: systemClock(),
    log: collectingLogger().logger,
  });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function openssl(...args: string[]): string {
  const r = Bun.spawnSync(["openssl", ...args], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return r.stdout.toString();
}

describe.skipIf(!hasOpenssl)("openssl agrees", () => {
  test("openssl verify accepts the core and gateway certificates against the root CA", () => {
    const out = openssl(
      "verify",
      "-CAfile",
      certs.paths.caCert,
      certs.paths.coreCert,
      certs.paths.gatewayCert,
    );
    expect(out).toBe(`${certs.paths.coreCert}: OK\n${certs.paths.gatewayCert}: OK\n`);
  });

  test("openssl verify with the purposes: the core is an SSL server and the gateway an SSL client", () => {
    const ca = ["-CAfile", certs.paths.caCert];
    expect(openssl("verify", ...ca, "-purpose", "sslserver", certs.paths.coreCert)).toContain(": OK");
    expect(openssl("verify", ...ca, "-purpose", "sslclient", certs.paths.gatewayCert)).toContain(": OK");
    const wrong = Bun.spawnSync([
      "openssl",
      "verify",
      ...ca,
      "-purpose",
      "sslserver",
      certs.paths.gatewayCert,
    ]);
    expect(wrong.exitCode).not.toBe(0);
  });

  test("the root CA text shows CA:TRUE as critical and certificate and CRL signing", () => {
    const text = openssl("x509", "-in", certs.paths.caCert, "-text", "-noout");
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain("ecdsa-with-SHA256");
    expect(text).toContain("NIST CURVE: P-256");
  });

  test("the core certificate text shows server auth and the three SANs", () => {
    const text = openssl("x509", "-in", certs.paths.coreCert, "-text", "-noout");
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage: \s*TLS Web Server Authentication\n/);
    expect(text).toContain("DNS:localhost, IP Address:127.0.0.1, DNS:holomush-01jopenssl00000000000000ab");
  });

  test("the gateway certificate text shows client auth and CN holomush-gateway", () => {
    const text = openssl("x509", "-in", certs.paths.gatewayCert, "-text", "-noout");
    expect(text).toMatch(/X509v3 Extended Key Usage: \s*TLS Web Client Authentication\n/);
    expect(text).toContain("Subject: CN = holomush-gateway");
    expect(text).toMatch(/Issuer: CN = HoloMUSH Root CA/);
  });
});
