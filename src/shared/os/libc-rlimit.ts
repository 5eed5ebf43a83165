import type { LimitValue, Rlimit, RlimitCalls } from "./file-limit.ts";

// RLIMIT_NOFILE differs by kernel; `struct rlimit` is two 64-bit words on both 64-bit platforms.
const platforms: Readonly<Record<string, { readonly lib: string; readonly nofile: number }>> = {
  linux: { lib: "libc.so.6", nofile: 7 },
  darwin: { lib: "libSystem.B.dylib", nofile: 8 },
};

const infinity = 0xffff_ffff_ffff_ffffn;
// The kernel's RLIM_INFINITY on Darwin is 2^63 - 1.
const darwinInfinity = 0x7fff_ffff_ffff_ffffn;

const toValue = (v: bigint): LimitValue => (v === infinity || v === darwinInfinity ? "unlimited" : Number(v));
const toWord = (v: LimitValue): bigint => (v === "unlimited" ? infinity : BigInt(v));

/** getrlimit/setrlimit for RLIMIT_NOFILE through bun:ffi, or undefined where libc or FFI is not available. */
export async function libcRlimitCalls(): Promise<RlimitCalls | undefined> {
  const platform = platforms[process.platform];
  if (!platform || (process.arch !== "x64" && process.arch !== "arm64")) return undefined;
  try {
    const { dlopen, FFIType, ptr } = await import("bun:ffi");
    const lib = dlopen(platform.lib, {
      getrlimit: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
      setrlimit: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    });
    const words = new BigUint64Array(2);
    return {
      get(): Rlimit | undefined {
        if (lib.symbols.getrlimit(platform.nofile, ptr(words)) !== 0) return undefined;
        return { soft: toValue(words[0] as bigint), hard: toValue(words[1] as bigint) };
      },
      set(limit: Rlimit): boolean {
        words[0] = toWord(limit.soft);
        words[1] = toWord(limit.hard);
        return lib.symbols.setrlimit(platform.nofile, ptr(words)) === 0;
      },
    };
  } catch {
    return undefined;
  }
}
