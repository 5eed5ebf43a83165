import { describe, expect, test } from "bun:test";
import { argon2Parameters, createPasswordHasher, passwordHashDefaults } from "./password-hasher.ts";

describe("createPasswordHasher", () => {
  test("by default it hashes with argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane", async () => {
    const hash = await createPasswordHasher().hash("correct horse");
    expect(hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(argon2Parameters(hash)).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(passwordHashDefaults).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  test("a hash needs rehashing when its memory, passes or algorithm differ from the hasher's, either way", () => {
    const hasher = createPasswordHasher();
    const salted = "$c2FsdHNhbHQ$aGFzaGhhc2g";
    expect(hasher.needsRehash(`$argon2id$v=19$m=19456,t=2,p=1${salted}`)).toBe(false);
    expect(hasher.needsRehash(`$argon2id$v=19$m=65536,t=2,p=1${salted}`)).toBe(true);
    expect(hasher.needsRehash(`$argon2id$v=19$m=4096,t=2,p=1${salted}`)).toBe(true);
    expect(hasher.needsRehash(`$argon2id$v=19$m=19456,t=3,p=1${salted}`)).toBe(true);
    expect(hasher.needsRehash(`$argon2id$v=19$m=19456,t=1,p=1${salted}`)).toBe(true);
    expect(hasher.needsRehash(`$argon2id$v=19$m=19456,t=2,p=4${salted}`)).toBe(true);
    expect(hasher.needsRehash("$2b$10$abcdefghijklmnopqrstuu")).toBe(true);
  });

  test("it verifies the right password and refuses a wrong one or a malformed hash", async () => {
    const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1 });
    const hash = await hasher.hash("correct horse");
    expect(await hasher.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("wrong horse", hash)).toBe(false);
    expect(await hasher.verify("correct horse", "not a hash")).toBe(false);
  });
});
