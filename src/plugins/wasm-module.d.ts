/** A `.wasm` file imported `with { type: "file" }`: the path Bun embeds in the compiled binary. */
declare module "*.wasm" {
  const path: string;
  export default path;
}
