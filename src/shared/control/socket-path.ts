import { HoloError } from "#shared/errors/holo-error.ts";

/** The longest Unix socket path Linux accepts: sun_path holds 108 bytes including the NUL. */
export const maxSocketPathBytes = 107;

/** Throws invalid_argument with a way out when `socketPath` is too long to bind or connect to. */
export function assertSocketPathFits(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > maxSocketPathBytes) {
    throw new HoloError(
      "invalid_argument",
      `The control socket path is ${bytes} bytes, but Unix sockets allow at most ${maxSocketPathBytes}: ${socketPath}. Choose a shorter --runtime-dir.`,
    );
  }
}
