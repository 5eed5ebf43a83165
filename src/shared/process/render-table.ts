/**
 * Renders rows as plain text with columns aligned by two spaces; the first row is the header.
 * Trailing spaces are trimmed; the result ends without a newline.
 */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, Bun.stringWidth(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - Bun.stringWidth(cell)),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
