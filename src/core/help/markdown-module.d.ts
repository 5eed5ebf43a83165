/** A `.md` file imported `with { type: "text" }`: its text, which Bun embeds in the compiled binary. */
declare module "*.md" {
  const text: string;
  export default text;
}
