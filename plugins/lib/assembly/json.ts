// A small JSON reader and writer for HoloMUSH's AssemblyScript example plugins.
// The host hands plugins JSON objects and expects JSON objects back (docs/plugins.md).

export const J_NULL: u8 = 0;
export const J_BOOL: u8 = 1;
export const J_NUMBER: u8 = 2;
export const J_STRING: u8 = 3;
export const J_ARRAY: u8 = 4;
export const J_OBJECT: u8 = 5;

/** One JSON value. */
export class JsonValue {
  kind: u8 = J_NULL;
  b: bool = false;
  n: f64 = 0;
  s: string = "";
  items: Array<JsonValue> = [];
  keys: Array<string> = [];

  /** The member called `key` of an object, or null. */
  get(key: string): JsonValue | null {
    if (this.kind != J_OBJECT) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** The string member called `key`, or "" when absent or not a string. */
  str(key: string): string {
    const v = this.get(key);
    return v != null && v.kind == J_STRING ? v.s : "";
  }

  /** The object member called `key`, or an empty object. */
  obj(key: string): JsonValue {
    const v = this.get(key);
    return v != null && v.kind == J_OBJECT ? v : new JsonValue();
  }

  /** The number member called `key`, or 0. */
  num(key: string): f64 {
    const v = this.get(key);
    return v != null && v.kind == J_NUMBER ? v.n : 0;
  }
}

class Reader {
  pos: i32 = 0;
  failed: bool = false;
  constructor(public text: string) {}

  skip(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c != 32 && c != 9 && c != 10 && c != 13) break;
      this.pos++;
    }
  }

  peek(): i32 {
    this.skip();
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  expect(c: i32): void {
    if (this.peek() != c) this.failed = true;
    else this.pos++;
  }

  value(depth: i32): JsonValue {
    const v = new JsonValue();
    if (depth > 32) {
      this.failed = true;
      return v;
    }
    const c = this.peek();
    if (c == 123) {
      v.kind = J_OBJECT;
      this.pos++;
      if (this.peek() == 125) {
        this.pos++;
        return v;
      }
      while (!this.failed) {
        if (this.peek() != 34) {
          this.failed = true;
          break;
        }
        v.keys.push(this.string());
        this.expect(58);
        v.items.push(this.value(depth + 1));
        const next = this.peek();
        this.pos++;
        if (next == 125) break;
        if (next != 44) this.failed = true;
      }
    } else if (c == 91) {
      v.kind = J_ARRAY;
      this.pos++;
      if (this.peek() == 93) {
        this.pos++;
        return v;
      }
      while (!this.failed) {
        v.items.push(this.value(depth + 1));
        const next = this.peek();
        this.pos++;
        if (next == 93) break;
        if (next != 44) this.failed = true;
      }
    } else if (c == 34) {
      v.kind = J_STRING;
      v.s = this.string();
    } else if (c == 116 || c == 102 || c == 110) {
      const word = c == 116 ? "true" : c == 102 ? "false" : "null";
      if (this.text.substr(this.pos, word.length) != word) this.failed = true;
      this.pos += word.length;
      v.kind = c == 110 ? J_NULL : J_BOOL;
      v.b = c == 116;
    } else {
      const start = this.pos;
      while (this.pos < this.text.length) {
        const d = this.text.charCodeAt(this.pos);
        if (!((d >= 48 && d <= 57) || d == 45 || d == 43 || d == 46 || d == 101 || d == 69)) break;
        this.pos++;
      }
      if (this.pos == start) this.failed = true;
      v.kind = J_NUMBER;
      v.n = parseFloat(this.text.substring(start, this.pos));
    }
    return v;
  }

  string(): string {
    this.pos++;
    let out = "";
    let start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c == 34) {
        out += this.text.substring(start, this.pos);
        this.pos++;
        return out;
      }
      if (c == 92) {
        out += this.text.substring(start, this.pos);
        const e = this.text.charCodeAt(this.pos + 1);
        this.pos += 2;
        if (e == 110) out += "\n";
        else if (e == 116) out += "\t";
        else if (e == 114) out += "\r";
        else if (e == 98) out += "\b";
        else if (e == 102) out += "\f";
        else if (e == 117) {
          out += String.fromCharCode(<i32>parseInt(this.text.substr(this.pos, 4), 16));
          this.pos += 4;
        } else out += String.fromCharCode(e);
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    this.failed = true;
    return out;
  }
}

/** Parses JSON text; returns null when it is malformed. */
export function parseJson(text: string): JsonValue | null {
  const r = new Reader(text);
  const v = r.value(0);
  if (r.failed || r.peek() != -1) return null;
  return v;
}

/** A JSON string literal for `s`, with quotes and escapes. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 34) out += '\\"';
    else if (c == 92) out += "\\\\";
    else if (c == 10) out += "\\n";
    else if (c < 32) out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + '"';
}
