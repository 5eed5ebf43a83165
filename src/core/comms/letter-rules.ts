import { HoloError } from "#shared/errors/holo-error.ts";

/** Limits of a letter (a mail message or a board post): subject in characters, body in UTF-8 bytes. */
export const LETTER_LIMITS = { subject: 100, bodyBytes: 8 * 1024 } as const;

/**
 * The subject as stored: trimmed, at most LETTER_LIMITS.subject characters. Throws invalid_argument when it is
 * empty or too long, so nothing is written.
 */
export function checkSubject(subject: string): string {
  const trimmed = subject.trim();
  if (trimmed === "") throw new HoloError("invalid_argument", "A subject is needed: it may not be empty.");
  const length = [...trimmed].length;
  if (length > LETTER_LIMITS.subject)
    throw new HoloError(
      "invalid_argument",
      `That subject is too long: ${length} characters, at most ${LETTER_LIMITS.subject}.`,
    );
  return trimmed;
}

/**
 * The body as stored: `%r` (the MUSH way to type a line break on one line) becomes a newline, ends are trimmed.
 * Throws invalid_argument when it is empty or over LETTER_LIMITS.bodyBytes.
 */
export function checkBody(body: string): string {
  const text = body.replace(/%r/gi, "\n").trim();
  if (text === "") throw new HoloError("invalid_argument", "The message has no text.");
  checkBodySize(text);
  return text;
}

/** Throws invalid_argument when `text` is over LETTER_LIMITS.bodyBytes of UTF-8. */
export function checkBodySize(text: string): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > LETTER_LIMITS.bodyBytes)
    throw new HoloError(
      "invalid_argument",
      `That text is too long: ${bytes} bytes, at most ${LETTER_LIMITS.bodyBytes}. Nothing was written.`,
    );
}

/** `<subject>/<body>` split at the first `/`; undefined when there is no `/`. */
export function splitSubject(text: string): [string, string] | undefined {
  const at = text.indexOf("/");
  return at < 0 ? undefined : [text.slice(0, at), text.slice(at + 1)];
}

/** `Re: <subject>`, without stacking `Re:`, cut to the subject limit. */
export function replySubject(subject: string, prefix = "Re: "): string {
  const base = subject.startsWith(prefix) ? subject : `${prefix}${subject}`;
  return [...base].slice(0, LETTER_LIMITS.subject).join("");
}
