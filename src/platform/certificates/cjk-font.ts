import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

// Noto Sans SC (Hans) Regular from the npm registry: a fresh machine may have no CJK system font.
let regular: Promise<Uint8Array> | undefined;

/** The bytes of the embedded CJK font (Noto Sans SC Regular, OFL-1.1), read once. */
export function cjkFontBytes(): Promise<Uint8Array> {
  regular ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    // Kept a Buffer: subset-font and fontkit read signatures with Buffer methods.
    return readFile(join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf'));
  })();
  return regular;
}

/**
 * The CJK font cut down to the characters of `text` (plus printable ASCII), so a certificate
 * embeds tens of kilobytes instead of 8 MB. pdf-lib's own subsetting breaks CFF (OTF) fonts,
 * so the subset is made with HarfBuzz and embedded whole.
 */
export async function subsetCjkFont(text: string): Promise<Uint8Array> {
  let ascii = '';
  for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
  const chars = [...new Set(ascii + text)].join('');
  // A Buffer, not a bare Uint8Array: fontkit probes the font signature with Buffer#toString.
  return subsetFont(await cjkFontBytes(), chars, { targetFormat: 'sfnt' });
}
