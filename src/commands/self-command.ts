/** The argv prefix that runs this same program again: the compiled binary, or bun plus the CLI script. */
export function selfCommand(): string[] {
  // Inside a `bun build --compile` binary the entry lives under /$bunfs/ and execPath is the binary itself.
  return Bun.main.startsWith("/$bunfs/") ? [process.execPath] : [process.execPath, Bun.main];
}
