import { createReadStream, createWriteStream, existsSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { HoloError } from "#shared/errors/holo-error.ts";

/** The lines of `file`, read as a stream so an export of any size takes little memory. */
export function readLines(file: string): AsyncIterable<string> {
  if (!existsSync(file)) throw new HoloError("not_found", `there is no file ${file}`);
  // Invariant: the reader opens only when iteration starts; lines read before a consumer is waiting would be lost.
  return {
    async *[Symbol.asyncIterator]() {
      const input = createReadStream(file, { encoding: "utf8" });
      try {
        yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      } finally {
        input.destroy();
      }
    },
  };
}

/** Writes a chunk and waits while the stream's buffer is full: backpressure, not memory, bounds an export. */
function writeWithBackpressure(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once("error", onError);
    const done = () => {
      out.off("error", onError);
      resolve();
    };
    if (out.write(chunk)) done();
    else out.once("drain", done);
  });
}

/**
 * Runs `produce` with a writer to standard output (no file) or to `file`: a file is written beside its final name
 * and renamed into place only when `produce` finished, so a failed export never leaves a plausible-looking file.
 */
export async function writeOutput<T>(
  file: string | undefined,
  produce: (write: (chunk: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  if (file === undefined || file === "-") {
    return produce((chunk) => writeWithBackpressure(process.stdout, chunk));
  }
  const temp = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
  // Invariant: the file is opened before any await, so a failure can always remove it (an async open could
  // create it after the cleanup).
  const out = createWriteStream("", { fd: openSync(temp, "w", 0o600) });
  // A write error can come between writes, when no write waits for it: kept here, and thrown at the end.
  let failure: unknown;
  out.on("error", (error) => {
    failure ??= error;
  });
  try {
    const result = await produce((chunk) => writeWithBackpressure(out, chunk));
    await new Promise<void>((resolve) => out.end(() => resolve()));
    if (failure !== undefined) throw failure;
    renameSync(temp, file);
    return result;
  } catch (error) {
    out.destroy();
    rmSync(temp, { force: true });
    throw error;
  }
}
