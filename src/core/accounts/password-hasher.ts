import { availableParallelism } from "node:os";
import { createSemaphore } from "#shared/util/semaphore.ts";

/** Hashes and verifies passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for either. */
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * Spends the time of one verify without a stored hash, so that an unknown name takes as long as
   * a wrong password.
   */
  burn(password: string): Promise<void>;
  /** Whether `hash` was made with other parameters than this hasher's (stronger or weaker), or another algorithm. */
  needsRehash(hash: string): boolean;
}

/** How passwords are hashed. */
export interface PasswordHasherConfig {
  /** Hashes running at once; the rest wait in arrival order. Defaults to the cores available. */
  readonly maxConcurrent?: number;
  /** argon2id memory in KiB; defaults to passwordHashDefaults.memoryCost. Tests lower it. */
  readonly memoryCost?: number;
  /** argon2id passes; defaults to passwordHashDefaults.timeCost. */
  readonly timeCost?: number;
}

/**
 * OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): about 27 ms a verify on this machine kind, against
 * about 100 ms for Bun's 64 MiB default (bench/password.ts). Bun always hashes with one lane.
 */
export const passwordHashDefaults = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The parameters of a PHC-format argon2id hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), or undefined. */
export function argon2Parameters(
  hash: string,
): { readonly memoryCost: number; readonly timeCost: number; readonly parallelism: number } | undefined {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  if (!match) return undefined;
  return { memoryCost: Number(match[1]), timeCost: Number(match[2]), parallelism: Number(match[3]) };
}

/**
 * Creates an argon2id hasher (Bun.password) with a cap on concurrent hashes. Bun hashes and verifies on its
 * thread pool, off the event loop; the cap makes a burst of logins queue rather than thrash the cores.
 */
export function createPasswordHasher(config: PasswordHasherConfig = {}): PasswordHasher {
  const slots = createSemaphore(config.maxConcurrent ?? availableParallelism());
  const wanted = {
    memoryCost: config.memoryCost ?? passwordHashDefaults.memoryCost,
    timeCost: config.timeCost ?? passwordHashDefaults.timeCost,
    parallelism: passwordHashDefaults.parallelism,
  };
  const options = {
    algorithm: "argon2id" as const,
    memoryCost: wanted.memoryCost,
    timeCost: wanted.timeCost,
  };
  let dummy: Promise<string> | undefined;
  const verify = (password: string, hash: string) =>
    slots.run(async () => {
      try {
        return await Bun.password.verify(password, hash, "argon2id");
      } catch {
        return false;
      }
    });
  return {
    hash: (password) => slots.run(() => Bun.password.hash(password, options)),
    verify,
    async burn(password) {
      dummy ??= slots.run(() => Bun.password.hash("holomush-timing-equaliser", options));
      await verify(password, await dummy);
    },
    needsRehash(hash) {
      const found = argon2Parameters(hash);
      return (
        found === undefined ||
        found.memoryCost !== wanted.memoryCost ||
        found.timeCost !== wanted.timeCost ||
        found.parallelism !== wanted.parallelism
      );
    },
  };
}
