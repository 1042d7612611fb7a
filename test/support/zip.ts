import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A zip entry: its deflated bytes, and the CRC-32 and size of what they inflate to. */
export interface ZipEntry {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
}

export function deflatedEntry(name: string, text: string): ZipEntry {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** A zip archive (no data descriptors, no zip64) of deflated entries, as an XLSX is. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a minimal one-sheet workbook around a given worksheet entry. */
export function workbook(sheet: ZipEntry, extra: ZipEntry[] = []): Buffer {
  return zip([
    deflatedEntry(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    deflatedEntry(
      'xl/workbook.xml',
      `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatedEntry(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    ...extra,
    sheet,
  ]);
}

/** A worksheet part from its `<sheetData>` content. */
export function sheetEntry(sheetData: string): ZipEntry {
  return deflatedEntry('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${sheetData}</sheetData></worksheet>`);
}

/**
 * An XLSX zip bomb: a worksheet of `mebibytes` MiB of blanks that deflates to about a
 * thousandth of that. One sync-flushed deflate block of 1 MiB is repeated (it refers to
 * nothing before it), so the bomb is built without ever holding its inflated size. With
 * `declaredSize` the archive lies about the inflated size.
 */
export function xlsxBomb(mebibytes: number, declaredSize?: number): Buffer {
  const open = Buffer.from(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>`);
  const close = Buffer.from('</sheetData></worksheet>');
  const mib = Buffer.alloc(1024 * 1024, 0x20);
  const block = deflateRawSync(mib, { finishFlush: constants.Z_SYNC_FLUSH });
  let crc = crc32(open);
  for (let i = 0; i < mebibytes; i++) crc = crc32(mib, crc);
  crc = crc32(close, crc);
  const deflated = Buffer.concat([
    deflateRawSync(open, { finishFlush: constants.Z_SYNC_FLUSH }),
    ...Array.from({ length: mebibytes }, () => block),
    deflateRawSync(close),
  ]);
  const size = open.length + mebibytes * mib.length + close.length;
  return workbook({ name: 'xl/worksheets/sheet1.xml', deflated, crc, size: declaredSize ?? size });
}
