/** How many connections may hold an MCCP2 zlib stream at once, shared by every telnet listener. */
export interface CompressionSlots {
  /** A slot, or undefined when every one is taken; the function gives it back (calling it again does nothing). */
  acquire(): (() => void) | undefined;
  readonly inUse: number;
}

/** About 170 MiB of zlib state in the gateway when every slot is in use (output-compressor.ts has the figures). */
export const defaultMaxCompressing = 1000;

/** Creates a pool of `max` slots. */
export function createCompressionSlots(max: number): CompressionSlots {
  let inUse = 0;
  return {
    acquire() {
      if (inUse >= max) return undefined;
      inUse++;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        inUse--;
      };
    },
    get inUse() {
      return inUse;
    },
  };
}
