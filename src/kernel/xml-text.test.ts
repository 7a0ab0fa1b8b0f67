import { describe, expect, it } from 'vitest';
import { decodeXml } from './xml-text.ts';

const declared = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>\n<definitions name="营业执照办理"/>`;
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

describe('decodeXml', () => {
  it('reads UTF-8 with or without a byte order mark', () => {
    const text = declared('UTF-8');
    expect(decodeXml(Buffer.from(text))).toBe(text);
    expect(decodeXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
  });
  it('reads UTF-16 in either byte order, with a mark or by its first "<?"', () => {
    const text = declared('UTF-16');
    expect(decodeXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeXml(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]))).toBe(text);
    expect(decodeXml(Buffer.from(text, 'utf16le'))).toBe(text);
    expect(decodeXml(utf16be(text))).toBe(text);
  });
  it('reads the encoding the declaration names: GBK and GB18030 from Chinese modelers', () => {
    // 营业执照办理 in GBK (GB18030 encodes these characters the same).
    const gbk = Buffer.from([0xd3, 0xaa, 0xd2, 0xb5, 0xd6, 0xb4, 0xd5, 0xd5, 0xb0, 0xec, 0xc0, 0xed]);
    const file = (encoding: string) => Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${encoding}"?>\n<definitions name="`), gbk, Buffer.from('"/>')]);
    expect(decodeXml(file('GBK'))).toBe(declared('GBK'));
    expect(decodeXml(file('gb18030'))).toBe(declared('gb18030'));
    expect(decodeXml(file('GB2312'))).toBe(declared('GB2312'));
    expect(decodeXml(Buffer.from(`<?xml version='1.0' encoding='ISO-8859-1'?><a b="\xe9"/>`, 'latin1'))).toBe(`<?xml version='1.0' encoding='ISO-8859-1'?><a b="é"/>`);
  });
  it('falls back to UTF-8 for an encoding it does not know, or none', () => {
    expect(decodeXml(Buffer.from(declared('x-mystery')))).toBe(declared('x-mystery'));
    expect(decodeXml(Buffer.from('<definitions name="营业"/>'))).toBe('<definitions name="营业"/>');
    expect(decodeXml(new Uint8Array())).toBe('');
  });
});
