/*
 * coin: `flip` poses "Alice flips a coin: heads." to the room.
 * The same ABI as the AssemblyScript examples, in C: JSON in, JSON out, host functions declared by hand.
 * Built for wasm32-wasi as a reactor with wasi-libc for string functions only; no stdio, so no WASI imports.
 */
#include <stdint.h>
#include <string.h>

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))

IMPORT("extism:host/env", "input_length") uint64_t input_length(void);
IMPORT("extism:host/env", "input_load_u8") uint8_t input_load_u8(uint64_t offset);
IMPORT("extism:host/env", "alloc") uint64_t kernel_alloc(uint64_t length);
IMPORT("extism:host/env", "store_u8") void store_u8(uint64_t offset, uint8_t value);
IMPORT("extism:host/env", "output_set") void output_set(uint64_t offset, uint64_t length);
IMPORT("extism:host/user", "holomush_emit") uint64_t holomush_emit(uint64_t offset);

static char in[4096];
static char buf[1024];

/* Copies bytes into a new kernel block and returns its offset. */
static uint64_t to_block(const char *data, size_t len) {
  uint64_t off = kernel_alloc(len);
  for (size_t i = 0; i < len; i++) store_u8(off + i, (uint8_t)data[i]);
  return off;
}

static void output(const char *json) {
  size_t len = strlen(json);
  output_set(to_block(json, len), len);
}

/* Finds the raw (still JSON-escaped) string value after `"key":"`; returns its length, or -1. */
static int raw_string(const char *json, const char *key, const char **start) {
  const char *p = strstr(json, key);
  if (!p) return -1;
  p += strlen(key);
  const char *q = p;
  while (*q && *q != '"') q += (*q == '\\' && q[1]) ? 2 : 1;
  if (*q != '"') return -1;
  *start = p;
  return (int)(q - p);
}

static size_t append(size_t at, const char *s, size_t n) {
  if (at + n >= sizeof(buf)) n = sizeof(buf) - at - 1;
  memcpy(buf + at, s, n);
  buf[at + n] = 0;
  return at + n;
}

__attribute__((export_name("handle_command"))) int32_t handle_command(void) {
  uint64_t n = input_length();
  if (n >= sizeof(in)) { output("{\"reply\":\"The call is too large.\"}"); return 0; }
  for (uint64_t i = 0; i < n; i++) in[i] = (char)input_load_u8(i);
  in[n] = 0;

  const char *name, *id, *loc, *seed = strstr(in, "\"seed\":");
  int name_len = raw_string(in, "\"name\":\"", &name);
  int id_len = raw_string(in, "\"id\":\"", &id);
  int loc_len = raw_string(in, "\"locationId\":\"", &loc);
  if (name_len < 0 || id_len < 0 || loc_len < 0 || !seed) { output("{\"reply\":\"The coin plugin got a malformed call.\"}"); return 0; }
  const char *side = (seed[7] - '0') % 2 ? "heads" : "tails";

  size_t at = append(0, "{\"stream\":\"location:", 20);
  at = append(at, loc, (size_t)loc_len);
  /* The pose payload of the event schema (docs/events.md): exactly name and text. */
  at = append(at, "\",\"type\":\"pose\",\"payload\":{\"name\":\"", 35);
  at = append(at, name, (size_t)name_len);
  at = append(at, "\",\"text\":\"flips a coin: ", 24);
  at = append(at, side, 5);
  at = append(at, ".\"}}", 4);
  holomush_emit(to_block(buf, at));
  output("{}");
  return 0;
}

__attribute__((export_name("handle_event"))) int32_t handle_event(void) {
  output("{}");
  return 0;
}
