// subset-font ships no types: the one function we use (harfbuzz hb-subset compiled to wasm).
declare module 'subset-font' {
  /** A font holding only the glyphs `text` needs. */
  export default function subsetFont(font: Uint8Array, text: string, options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype' }): Promise<Buffer>;
}
