import { open, readFile, rename } from 'node:fs/promises';
import type { Column } from '../../../engines/rules/snapshot.ts';
import { toEngineSchema } from '../catalogue.ts';
import type { AttributeSpec } from '../catalogue.types.ts';
import type { MirrorSnapshot, RegisterWatermark, Watermark } from './mirror-snapshot.ts';

// Version 2: register watermark, appended rows and the `recorded` masks (version 1 files are rebuilt).
const MAGIC = 'ONETHING-MIRROR-SNAPSHOT-2\n';
const USCC_WIDTH = 18;

interface Section {
  /** `col:KEY:P`, `eff:KEY`, `rec:KEY` or `uscc`. */
  name: string;
  type: 'f64' | 'i32' | 'u8' | 'u32' | 'ascii';
  offset: number;
  length: number;
}

interface Header {
  asOf: string;
  size: number;
  specs: AttributeSpec[];
  periods: Record<string, string[]>;
  watermark: Watermark | null;
  register: RegisterWatermark;
  sorted: number;
  dicts: Record<string, string[]>;
  sections: Section[];
}

type Typed = Float64Array | Int32Array | Uint8Array | Uint32Array;

function typeOf(a: Typed): Section['type'] {
  return a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : a instanceof Uint32Array ? 'u32' : 'u8';
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Writes a snapshot to one file (atomically: a temporary file renamed over the old one): a JSON
 * header, then every typed array as raw little-endian bytes at an 8-byte aligned offset, so
 * loading is one read and no parsing.
 */
export async function saveSnapshot(snap: MirrorSnapshot, path: string): Promise<number> {
  const arrays: { name: string; data: Typed | Buffer }[] = [];
  const dicts: Record<string, string[]> = {};
  for (const s of snap.specs) {
    const col: Column = snap.engine.columns[s.key];
    if (col.kind === 'code') dicts[s.key] = col.dict;
    if (col.kind === 'set') dicts[s.key] = col.members;
    col.periods.forEach((arr, p) => arrays.push({ name: `col:${s.key}:${p}`, data: arr }));
    if (snap.effective[s.key]) arrays.push({ name: `eff:${s.key}`, data: snap.effective[s.key] });
    if (snap.recorded[s.key]) arrays.push({ name: `rec:${s.key}`, data: snap.recorded[s.key] });
  }
  arrays.push({ name: 'uscc', data: Buffer.from(snap.usccs.join(''), 'latin1') });
  const sections: Section[] = [];
  let offset = 0;
  for (const a of arrays) {
    const type = Buffer.isBuffer(a.data) ? 'ascii' : typeOf(a.data);
    sections.push({ name: a.name, type, offset, length: Buffer.isBuffer(a.data) ? a.data.length : a.data.length });
    offset = align8(offset + a.data.byteLength);
  }
  const header: Header = { asOf: snap.asOf, size: snap.usccs.length, specs: snap.specs, periods: snap.periods, watermark: snap.watermark, register: snap.register, sorted: snap.sorted, dicts, sections };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align8(MAGIC.length + 4 + headerBytes.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(prefix);
    let written = 0;
    const pad = Buffer.alloc(8);
    for (const a of arrays) {
      const bytes = Buffer.isBuffer(a.data) ? a.data : Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
      await fh.write(bytes);
      written += bytes.length;
      const gap = align8(written) - written;
      if (gap) await fh.write(pad, 0, gap);
      written += gap;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  return prefix.length + offset;
}

/** Reads a snapshot written by `saveSnapshot`; the arrays are views on the file's bytes (no copy, no parse). */
export async function loadSnapshot(path: string): Promise<MirrorSnapshot> {
  const file = await readFile(path);
  if (file.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${path} is not a mirror snapshot of this version (build a new one)`);
  const headerLength = file.readUInt32LE(MAGIC.length);
  const header = JSON.parse(file.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
  const base = align8(MAGIC.length + 4 + headerLength);
  // Typed-array views need an aligned start; a pooled small Buffer may not give one, so copy then.
  const bytes = (file.byteOffset + base) % 8 === 0 ? file : Buffer.from(file);
  const at = (s: Section) => bytes.byteOffset + base + s.offset;
  const view = (s: Section): Typed => {
    switch (s.type) {
      case 'f64': return new Float64Array(bytes.buffer, at(s), s.length);
      case 'i32': return new Int32Array(bytes.buffer, at(s), s.length);
      case 'u32': return new Uint32Array(bytes.buffer, at(s), s.length);
      default: return new Uint8Array(bytes.buffer, at(s), s.length);
    }
  };
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const columns: Record<string, Column> = {};
  const effective: Record<string, Int32Array> = {};
  const recorded: Record<string, Uint8Array> = {};
  for (const s of header.specs) {
    const n = header.periods[s.key]?.length ?? 1;
    const periods = Array.from({ length: n }, (_, p) => view(byName.get(`col:${s.key}:${p}`)!));
    const kind: Column['kind'] = s.type === 'enum' ? 'code' : s.type === 'boolean' ? 'bool' : s.type === 'set' ? 'set' : 'num';
    columns[s.key] =
      kind === 'code' ? { kind, periods: periods as Int32Array[], dict: header.dicts[s.key] }
      : kind === 'set' ? { kind, periods: periods as Uint32Array[], members: header.dicts[s.key] }
      : kind === 'bool' ? { kind, periods: periods as Uint8Array[] }
      : { kind, periods: periods as Float64Array[] };
    const eff = byName.get(`eff:${s.key}`);
    if (eff) effective[s.key] = view(eff) as Int32Array;
    const rec = byName.get(`rec:${s.key}`);
    if (rec) recorded[s.key] = view(rec) as Uint8Array;
  }
  const usccSection = byName.get('uscc')!;
  const ascii = bytes.toString('latin1', at(usccSection) - bytes.byteOffset, at(usccSection) - bytes.byteOffset + usccSection.length);
  const usccs = new Array<string>(header.size);
  for (let i = 0; i < header.size; i++) usccs[i] = ascii.slice(i * USCC_WIDTH, (i + 1) * USCC_WIDTH);
  return {
    asOf: header.asOf, usccs, sorted: header.sorted, capacity: header.size, engine: { size: header.size, schema: toEngineSchema(header.specs), columns },
    periods: header.periods, effective, recorded, watermark: header.watermark, register: header.register, specs: header.specs, shared: false,
  };
}
