import { afterEach, expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ensureCertificates } from "./ensure-certificates.ts";
import { loadCertificates } from "./load-certificates.ts";

const bases: string[] = [];
afterEach(() => {
  for (const d of bases.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function issued(gameId = "01JLOADTEST000000000000000") {
  const base = mkdtempSync(join(tmpdir(), "holomush-load-"));
  bases.push(base);
  const certsDir = join(base, "certs");
  return ensureCertificates({ certsDir, gameId, clock: systemClock(), log: collectingLogger().logger });
}

test("the gateway loads the root CA and its own certificate and key", async () => {
  const certs = await issued();
  expect(loadCertificates({ certsDir: certs.paths.dir })).toEqual(certs.gateway);
  expect(loadCertificates({ certsDir: certs.paths.dir, role: "core" })).toEqual(certs.core);
});

test("a copy holding only the CA certificate and the gateway pair is enough", async () => {
  const certs = await issued();
  const copy = join(bases[0]!, "copy");
  mkdirSync(copy, { mode: 0o700 });
  for (const name of ["root-ca.crt", "gateway.crt", "gateway.key"])
    copyFileSync(join(certs.paths.dir, name), join(copy, name));
  chmodSync(join(copy, "gateway.key"), 0o600);
  expect(loadCertificates({ certsDir: copy })).toEqual(certs.gateway);
});

test("a gateway key readable by others is refused with the chmod fix", async () => {
  const certs = await issued();
  chmodSync(certs.paths.gatewayKey, 0o640);
  expect(() => loadCertificates({ certsDir: certs.paths.dir })).toThrow(
    `private key ${certs.paths.gatewayKey} is readable by group or others (mode 0640); fix it with: chmod 600 ${certs.paths.gatewayKey}`,
  );
});

test("a corrupted gateway certificate gives a one-line error naming the file", async () => {
  const certs = await issued();
  writeFileSync(certs.paths.gatewayCert, "this is not a certificate");
  expect(() => loadCertificates({ certsDir: certs.paths.dir })).toThrow(
    `${certs.paths.gatewayCert} is not a valid PEM certificate`,
  );
});

test("a missing root CA says which file is missing", async () => {
  const certs = await issued();
  rmSync(certs.paths.caCert);
  expect(() => loadCertificates({ certsDir: certs.paths.dir })).toThrow(`${certs.paths.caCert} is missing`);
});

test("a gateway certificate from another CA is refused", async () => {
  const ours = await issued();
  const theirs = await issued();
  copyFileSync(theirs.paths.gatewayCert, ours.paths.gatewayCert);
  copyFileSync(theirs.paths.gatewayKey, ours.paths.gatewayKey);
  expect(() => loadCertificates({ certsDir: ours.paths.dir })).toThrow(
    `${ours.paths.gatewayCert} was not issued by ${ours.paths.caCert}`,
  );
});

test("a certificate that does not match its key is refused", async () => {
  const certs = await issued();
  copyFileSync(certs.paths.coreKey, certs.paths.gatewayKey);
  expect(() => loadCertificates({ certsDir: certs.paths.dir })).toThrow(
    `${certs.paths.gatewayCert} does not match its private key`,
  );
});
