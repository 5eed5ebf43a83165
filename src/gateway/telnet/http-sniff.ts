/** True when `line` is an HTTP/1.x or HTTP/2 request line, e.g. "GET / HTTP/1.1" or "PRI * HTTP/2.0". */
export function looksLikeHttp(line: string): boolean {
  return /^(GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH|CONNECT|TRACE|PRI) \S+ HTTP\/\d(\.\d)?$/.test(line.trim());
}
