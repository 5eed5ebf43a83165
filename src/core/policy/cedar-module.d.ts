/** A `.cedar` policy file or `.cedarschema` schema imported `with { type: "text" }`: Bun embeds its text in the binary. */
declare module "*.cedar" {
  const text: string;
  export default text;
}
declare module "*.cedarschema" {
  const text: string;
  export default text;
}
