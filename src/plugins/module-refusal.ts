import { HoloError } from "#shared/errors/holo-error.ts";

/** Refuses a plugin's module at load, with the reason an operator reads. */
export function refuse(name: string, why: string): never {
  throw new HoloError("failed_precondition", `Plugin "${name}" was refused at load: ${why}`);
}
