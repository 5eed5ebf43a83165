import { createSemaphore } from "./semaphore.ts";

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
}

/** How passwords are hashed. */
export interface PasswordHasherConfig {
  /** Hashes running at once; the rest wait. Defaults to 2 (argon2id uses 64 MiB each). */
  readonly maxConcurrent?: number;
  /** argon2id memory in KiB; defaults to Bun's 65536. Tests lower it. */
  readonly memoryCost?: number;
  /** argon2id passes; defaults to Bun's 2. */
  readonly timeCost?: number;
}

/** Creates an argon2id hasher (Bun.password) with a cap on concurrent hashes. */
export function createPasswordHasher(config: PasswordHasherConfig = {}): PasswordHasher {
  const slots = createSemaphore(config.maxConcurrent ?? 2);
  const options = {
    algorithm: "argon2id" as const,
    ...(config.memoryCost === undefined ? {} : { memoryCost: config.memoryCost }),
    ...(config.timeCost === undefined ? {} : { timeCost: config.timeCost }),
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
  };
}
