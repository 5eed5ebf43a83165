import { HoloError } from "#shared/errors/holo-error.ts";

/** The most a connect screen may hold: it is sent to every new connection before it logs in. */
export const MAX_CONNECT_SCREEN_BYTES = 16 * 1024;

/**
 * The operator's login screen (server markup), or undefined for the built-in one when an optional file is
 * absent. A named file that is missing, empty or too big stops the start with a clear message.
 */
export async function readConnectScreen(file: {
  readonly path: string;
  readonly required: boolean;
}): Promise<string | undefined> {
  const source = Bun.file(file.path);
  if (!(await source.exists())) {
    if (!file.required) return undefined;
    throw new HoloError("invalid_argument", `--connect-screen-file: ${file.path} does not exist`);
  }
  if (source.size > MAX_CONNECT_SCREEN_BYTES)
    throw new HoloError(
      "invalid_argument",
      `${file.path} is ${source.size} bytes; a connect screen may hold at most ${MAX_CONNECT_SCREEN_BYTES}`,
    );
  const text = (await source.text()).replace(/\r\n/g, "\n").replace(/\n+$/, "");
  if (text.trim() === "")
    throw new HoloError("invalid_argument", `${file.path} is empty; remove it to show the built-in screen`);
  return `${text}\n`;
}
