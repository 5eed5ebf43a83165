import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { type Certificates, ensureCertificates } from "./ensure-certificates.ts";

/** Certificates in a throwaway directory, removed on dispose: for tests and benchmarks. */
export interface TempCertificates extends Certificates, AsyncDisposable {}

/** Issues a fresh CA, core and gateway certificate for `gameId` in a new temporary directory. */
export async function issueTempCertificates(gameId: string): Promise<TempCertificates> {
  const base = mkdtempSync(join(tmpdir(), "holomush-tls-"));
  const certs = await ensureCertificates({
    certsDir: join(base, "certs"),
    gameId,
    clock: systemClock(),
    log: collectingLogger().logger,
  });
  return {
    ...certs,
    [Symbol.asyncDispose]: async () => rmSync(base, { recursive: true, force: true }),
  };
}
