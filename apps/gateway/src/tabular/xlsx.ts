import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DomainError } from '@app/contracts';
import { overCap, type ReadOptions, type Sheet, SheetBuilder, SHEET_LIMITS } from './tabular.js';

/**
 * The first worksheet of an XLSX workbook, read as a stream: yauzl unzips one part at a time
 * (it refuses an entry whose inflated bytes exceed its declared size, so the declared sizes,
 * checked against the cap before anything is inflated, bound the work), saxes reads the XML
 * as it arrives, and every cap of SHEET_LIMITS is checked on the way. Dates become
 * YYYY-MM-DD, formulas their cached results, rich text its text.
 */
export async function readXlsx(buffer: Buffer, options: ReadOptions = { maxRows: SHEET_LIMITS.rows }): Promise<Sheet> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw notWorkbook();
  }
  try {
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entries.size >= SHEET_LIMITS.xlsxEntries)
        throw overCap('xlsxEntries', SHEET_LIMITS.xlsxEntries, `the workbook has more than ${SHEET_LIMITS.xlsxEntries} parts`);
      entries.set(entry.fileName.replace(/^\/+/, ''), entry);
    }
    const reader = new PartReader(zip, entries);
    const book = await reader.workbook();
    const sharedStrings = await reader.sharedStrings(book.sharedStrings, options);
    const dateStyles = await reader.dateStyles(book.styles);
    return await reader.sheet(book.firstSheet, { sharedStrings, dateStyles, date1904: book.date1904 }, options);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw notWorkbook();
  } finally {
    zip.close();
  }
}

function notWorkbook(): DomainError {
  return new DomainError(400, 'BAD_SHEET', 'the body is not a readable XLSX workbook');
}

interface Book {
  firstSheet: string;
  sharedStrings?: string;
  styles?: string;
  date1904: boolean;
}

interface CellContext {
  sharedStrings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
}

/** Built-in number formats that are dates (ECMA-376 §18.8.30, with the CJK ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format is a date when, without its literals, colours and conditions, it has a date or time part. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** `AB12` → 28 (1-based column), or undefined when the reference has no column letters. */
function columnOf(ref: string): number | undefined {
  let column = 0;
  let i = 0;
  for (; i < ref.length && i < 4; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 ? undefined : column;
}

function excelDate(serial: number, date1904: boolean): string {
  const days = serial + (date1904 ? 1462 : 0) - 25569; // 25569: 1970-01-01 in the 1900 date system
  return new Date(Math.round(days * 86_400_000)).toISOString().slice(0, 10);
}

class PartReader {
  private inflated = 0;

  constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
  ) {}

  /** Streams one part through a SAX parser; the bytes of every part read count against the cap. */
  private async read(path: string, parser: SaxesParser): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) throw new DomainError(400, 'BAD_SHEET', `the workbook has no part ${path}`);
    this.inflated += entry.uncompressedSize;
    if (this.inflated > SHEET_LIMITS.xlsxUncompressedBytes) {
      throw overCap(
        'xlsxUncompressedBytes',
        SHEET_LIMITS.xlsxUncompressedBytes,
        `the workbook unzips to more than ${SHEET_LIMITS.xlsxUncompressedBytes} bytes`,
      );
    }
    const stream = await this.zip.openReadStreamPromise(entry);
    const decoder = new StringDecoder('utf8');
    let sinceMarkup = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const text = decoder.write(chunk);
        const lastTag = text.lastIndexOf('<');
        sinceMarkup = lastTag < 0 ? sinceMarkup + text.length : text.length - lastTag;
        // text or a tag longer than any cell may be (escaped) is refused before the parser buffers it
        if (sinceMarkup > SHEET_LIMITS.cellChars * 8 + 1024) {
          throw overCap('cellChars', SHEET_LIMITS.cellChars, `${path} has a run of ${sinceMarkup} characters without markup`);
        }
        parser.write(text);
      }
      parser.write(decoder.end()).close();
    } finally {
      stream.destroy();
    }
  }

  private resolve(target: string): string {
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    return path
      .split('/')
      .reduce<string[]>((parts, p) => (p === '..' ? parts.slice(0, -1) : p === '.' ? parts : [...parts, p]), [])
      .join('/');
  }

  async workbook(): Promise<Book> {
    const rels = new Map<string, { type: string; target: string }>();
    const relParser = new SaxesParser();
    relParser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'Relationship') rels.set(tag.attributes.Id, { type: tag.attributes.Type ?? '', target: tag.attributes.Target ?? '' });
    });
    await this.read('xl/_rels/workbook.xml.rels', relParser);
    let sheetRel: string | undefined;
    let date1904 = false;
    const bookParser = new SaxesParser();
    bookParser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'sheet' && sheetRel === undefined) sheetRel = tag.attributes['r:id'];
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
    });
    await this.read('xl/workbook.xml', bookParser);
    const sheet = sheetRel === undefined ? undefined : rels.get(sheetRel);
    if (!sheet) throw new DomainError(400, 'BAD_SHEET', 'the workbook has no worksheet');
    const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(`/${suffix}`));
    const strings = byType('sharedStrings');
    const styles = byType('styles');
    return {
      firstSheet: this.resolve(sheet.target),
      sharedStrings: strings && this.resolve(strings.target),
      styles: styles && this.resolve(styles.target),
      date1904,
    };
  }

  async sharedStrings(path: string | undefined, options: ReadOptions): Promise<string[]> {
    const strings: string[] = [];
    if (!path || !this.entries.has(path)) return strings;
    const most = (options.maxRows + 1) * SHEET_LIMITS.columns;
    let current = '';
    let inText = false;
    let inPhonetic = false;
    const parser = new SaxesParser();
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't' && !inPhonetic) inText = true;
    });
    parser.on('text', (text: string) => {
      if (!inText) return;
      current += text;
      if (current.length > SHEET_LIMITS.cellChars) {
        throw overCap('cellChars', SHEET_LIMITS.cellChars, `shared string ${strings.length} is longer than ${SHEET_LIMITS.cellChars} characters`);
      }
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (tag.name === 't') inText = false;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'si') {
        if (strings.length >= most)
          throw overCap('rows', options.maxRows, `the workbook has more than ${most} shared strings, more than ${options.maxRows} rows can use`);
        strings.push(current);
      }
    });
    await this.read(path, parser);
    return strings;
  }

  /** Indexes of the cell formats (`s` of a cell) that show a number as a date. */
  async dateStyles(path: string | undefined): Promise<Set<number>> {
    const dates = new Set<number>();
    if (!path || !this.entries.has(path)) return dates;
    const custom = new Map<number, boolean>();
    let inCellXfs = false;
    let xf = 0;
    const parser = new SaxesParser();
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), isDateFormat(tag.attributes.formatCode ?? ''));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        if (custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id)) dates.add(xf);
        xf += 1;
      }
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (tag.name === 'cellXfs') inCellXfs = false;
    });
    await this.read(path, parser);
    return dates;
  }

  async sheet(path: string, context: CellContext, options: ReadOptions): Promise<Sheet> {
    const builder = new SheetBuilder(options);
    const parser = new SaxesParser();
    let rowNumber = 0;
    let cells: string[] = [];
    let column = 0;
    let cell: { type: string; style: number; text: string; inValue: boolean } | undefined;
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const a = tag.attributes;
      if (tag.name === 'row') {
        rowNumber = a.r ? Number(a.r) : rowNumber + 1;
        if (!Number.isSafeInteger(rowNumber) || rowNumber < 1) throw new DomainError(400, 'BAD_SHEET', `the worksheet has a row numbered ${a.r}`);
        cells = [];
        column = 0;
      } else if (tag.name === 'c') {
        column = (a.r && columnOf(a.r)) || column + 1;
        cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), text: '', inValue: false };
      } else if (cell && (tag.name === 'v' || (tag.name === 't' && cell.type === 'inlineStr'))) {
        cell.inValue = true;
      }
    });
    parser.on('text', (text: string) => {
      if (!cell?.inValue) return;
      cell.text += text;
      SheetBuilder.checkCell(column, cell.text, rowNumber);
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (tag.name === 'v' || tag.name === 't') {
        if (cell) cell.inValue = false;
      } else if (tag.name === 'c' && cell) {
        const text = cellText(cell, context);
        SheetBuilder.checkCell(column, text, rowNumber);
        if (text !== '') cells[column - 1] = text;
        cell = undefined;
      } else if (tag.name === 'row') {
        builder.add(
          rowNumber,
          Array.from(cells, (c) => c ?? ''),
        );
      }
    });
    await this.read(path, parser);
    const sheet = builder.sheet();
    const width = Math.max(sheet.columns.length, ...sheet.rows.map((r) => r.cells.length));
    const pad = (c: string[]) => (c.length < width ? [...c, ...Array<string>(width - c.length).fill('')] : c);
    return { columns: pad(sheet.columns), rows: sheet.rows.map((r) => ({ row: r.row, cells: pad(r.cells) })) };
  }
}

function cellText(cell: { type: string; style: number; text: string }, context: CellContext): string {
  switch (cell.type) {
    case 's':
      return context.sharedStrings[Number(cell.text)] ?? '';
    case 'b':
      return cell.text === '1' ? 'true' : cell.text === '0' ? 'false' : cell.text;
    case 'd':
      return cell.text.slice(0, 10);
    case 'n': {
      if (cell.text === '') return '';
      const value = Number(cell.text);
      if (!Number.isFinite(value)) return cell.text;
      return context.dateStyles.has(cell.style) ? excelDate(value, context.date1904) : String(value);
    }
    default:
      return cell.text;
  }
}
