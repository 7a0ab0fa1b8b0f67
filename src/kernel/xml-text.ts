// The text of an XML file from its bytes, in the encoding the file says it is in: modelers on Windows save UTF-16,
// and Chinese ones GBK or GB18030 (`<?xml version="1.0" encoding="GBK"?>`), which read as UTF-8 garble every name.
// Runs in Node and in the browser (TextDecoder in both).

/**
 * Decodes an XML file by the rules of XML 1.0, appendix F: a byte order mark (UTF-8, UTF-16 LE or BE); else a
 * UTF-16 file's first `<?` without one; else the encoding the XML declaration names, where TextDecoder knows it
 * (GBK, GB18030, Big5, ISO-8859-1…); else UTF-8. A mark is not part of the text.
 * @example decodeXml(await readFile('order.bpmn')) // '<?xml version="1.0" encoding="GBK"?><definitions …'
 */
export function decodeXml(bytes: Uint8Array): string {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  if (a === 0x3c && b === 0x00 && c === 0x3f) return new TextDecoder('utf-16le').decode(bytes);
  if (a === 0x00 && b === 0x3c && c === 0x00) return new TextDecoder('utf-16be').decode(bytes);
  // The declaration is ASCII in every encoding that can declare itself so.
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 256); i++) head += String.fromCharCode(bytes[i]);
  const label = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1];
  if (label) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An encoding TextDecoder does not know: read as UTF-8, as before.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
