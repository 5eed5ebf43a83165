// The app icons: one SVG, and PNGs drawn from the same shapes so no image tool is needed at build time.

import { deflateSync } from "node:zlib";

const background = [0x12, 0x12, 0x12];
const foreground = [0x8a, 0xb4, 0xff];

/** The "H" of the icon as rectangles in a 0–1 square: two posts and a bar, inside the maskable safe zone. */
const shapes: readonly (readonly [number, number, number, number])[] = [
  [0.3, 0.28, 0.12, 0.44],
  [0.58, 0.28, 0.12, 0.44],
  [0.3, 0.45, 0.4, 0.1],
];

/** The icon as SVG. */
export function iconSvg(): string {
  const rects = shapes
    .map(([x, y, w, h]) => `<rect x="${x * 512}" y="${y * 512}" width="${w * 512}" height="${h * 512}"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="#121212"/><g fill="#8ab4ff">${rects}</g></svg>\n`;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The icon as a `size`×`size` RGB PNG (full-bleed background, so it also serves as the maskable icon). */
export function iconPng(size: number): Uint8Array {
  const raw = new Uint8Array(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) {
      const [u, v] = [(x + 0.5) / size, (y + 0.5) / size];
      const inside = shapes.some(([sx, sy, w, h]) => u >= sx && u < sx + w && v >= sy && v < sy + h);
      raw.set(inside ? foreground : background, row + 1 + x * 3);
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array()),
  ];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
