import { growBuffer } from "./grow-buffer.ts";

/** What the line assembler reports. */
export interface LineAssemblerSink {
  line(text: string): void;
  /** A line passed the cap; it was discarded whole, up to its end. */
  tooLong(limit: number): void;
}

/** Turns telnet data bytes into decoded lines. */
export interface LineAssembler {
  push(bytes: Uint8Array): void;
  /** Bytes held for the current, unfinished line. */
  readonly pending: number;
}

/** The default line cap: 4 KiB, a long paragraph with room to spare, and bounded memory per connection. */
export const defaultMaxLine = 4 * 1024;

const CR = 13;
const LF = 10;
const NUL = 0;
const BS = 8;
const DEL = 127;

/**
 * Splits data into lines. CR LF, CR NUL, bare CR and bare LF each end a line (RFC 854 NVT; clients disagree on
 * which they send). NUL is dropped; BS and DEL erase the previous character. Each line is decoded as UTF-8 with
 * invalid sequences as U+FFFD; decoding per line equals streaming decoding, since line ends are ASCII and never
 * fall inside a multibyte sequence.
 */
export function createLineAssembler(sink: LineAssemblerSink, maxLine = defaultMaxLine): LineAssembler {
  return new Assembler(sink, maxLine);
}

/** The first line buffer; it doubles up to the cap only when a line needs it. */
const firstLineBytes = 128;
/** Past this size the buffer is dropped at the end of its line. */
const keptLineBytes = 1024;
// Decoding without `stream` keeps no state between calls, so every connection can share one decoder.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

// A class, not a closure per method: every connection holds one assembler for its life, so its methods are shared.
class Assembler implements LineAssembler {
  readonly #sink: LineAssemblerSink;
  readonly #maxLine: number;
  // Invariant: memory held per connection for input is this buffer, at most maxLine bytes, whatever the client sends.
  #buf: Uint8Array | undefined;
  #len = 0;
  #afterCr = false;
  #discarding = false;

  constructor(sink: LineAssemblerSink, maxLine: number) {
    this.#sink = sink;
    this.#maxLine = maxLine;
  }

  get pending(): number {
    return this.#len;
  }

  push(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.#afterCr) {
        this.#afterCr = false;
        if (b === LF || b === NUL) continue;
      }
      if (b === CR) {
        this.#afterCr = true;
        this.#endLine();
      } else if (b === LF) this.#endLine();
      else if (b === NUL) {
        // Dropped: NUL carries nothing in NVT text.
      } else if (b === BS || b === DEL) {
        if (!this.#discarding) this.#erase();
      } else if (this.#discarding) {
        // Skipping the rest of an overlong line.
      } else if (this.#len < this.#maxLine) this.#append(b);
      else this.#discarding = true;
    }
  }

  #append(b: number): void {
    const buf = growBuffer(this.#buf, this.#len, firstLineBytes, this.#maxLine);
    this.#buf = buf;
    buf[this.#len++] = b;
  }

  #endLine(): void {
    if (this.#discarding) {
      this.#discarding = false;
      this.#sink.tooLong(this.#maxLine);
    } else this.#sink.line(this.#buf ? decoder.decode(this.#buf.subarray(0, this.#len)) : "");
    this.#len = 0;
    // A buffer a long line grew is not kept for the connection's life.
    if (this.#buf && this.#buf.length > keptLineBytes) this.#buf = undefined;
  }

  #erase(): void {
    const buf = this.#buf;
    // Step back over UTF-8 continuation bytes to the start of the last character.
    while (buf && this.#len > 0) {
      const b = buf[--this.#len] as number;
      if ((b & 0xc0) !== 0x80) break;
    }
  }
}
