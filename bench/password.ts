// Milliseconds per argon2id verify at Bun's old default (64 MiB) and at OWASP's minimum (19 MiB, the default now),
// one at a time, then a burst of 20 through the hasher's concurrency cap.
// Run: node_modules/.bin/bun bench/password.ts
import { availableParallelism } from "node:os";
import { createPasswordHasher, passwordHashDefaults } from "../src/core/accounts/password-hasher.ts";

const password = "correct horse battery";
const rounds = 20;

for (const memoryCost of [65_536, passwordHashDefaults.memoryCost]) {
  const hasher = createPasswordHasher({ memoryCost, timeCost: passwordHashDefaults.timeCost });
  const hash = await hasher.hash(password);
  let started = performance.now();
  for (let i = 0; i < rounds; i++) await hasher.verify(password, hash);
  const serial = (performance.now() - started) / rounds;
  started = performance.now();
  await Promise.all(Array.from({ length: rounds }, () => hasher.verify(password, hash)));
  const burst = performance.now() - started;
  process.stdout.write(
    `m=${memoryCost} KiB t=${passwordHashDefaults.timeCost}: ${serial.toFixed(1)} ms per verify; ` +
      `${rounds} at once through ${availableParallelism()} slots: ${burst.toFixed(0)} ms\n`,
  );
}
