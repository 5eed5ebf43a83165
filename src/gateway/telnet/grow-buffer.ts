/**
 * `buf` with room for one more byte after its first `len`: the same buffer while it has room, else a new one
 * twice as long (at least `first`, at most `cap`) holding the same bytes. Input buffers grow only as a client
 * fills them, so an idle connection holds none.
 */
export function growBuffer(buf: Uint8Array | undefined, len: number, first: number, cap: number): Uint8Array {
  if (buf !== undefined && len < buf.length) return buf;
  const grown = new Uint8Array(Math.min(cap, Math.max(first, len * 2)));
  if (buf) grown.set(buf);
  return grown;
}
