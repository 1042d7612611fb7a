import PDFDocument from 'pdfkit';
import { readFile } from 'node:fs/promises';

const fonts = new Map<string, Promise<Buffer>>();

/**
 * The CJK TrueType font at `path`, read once per process. When it cannot be read, `missing`
 * says what the caller answers (each service names its own error and setting); the next call
 * tries again.
 */
export function loadFont(path: string, missing: (err: NodeJS.ErrnoException) => Error): Promise<Buffer> {
  let font = fonts.get(path);
  if (!font) {
    font = readFile(path).catch((err: NodeJS.ErrnoException) => {
      fonts.delete(path);
      throw missing(err);
    });
    fonts.set(path, font);
  }
  return font;
}

/** Splits text into runs for the CJK font and the Latin font (the CJK font has no Latin glyphs). */
export function scriptRuns(text: string): Array<{ cjk: boolean; text: string }> {
  const runs: Array<{ cjk: boolean; text: string }> = [];
  for (const ch of text) {
    const cjk = (ch.codePointAt(0) ?? 0) >= 0x2e80;
    const last = runs[runs.length - 1];
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ cjk, text: ch });
  }
  return runs;
}

const CJK = 'cjk';
const LATIN = 'Helvetica';
/**
 * Where the baseline sits below the top of a line, as a share of the font size: the CJK
 * font's ascender (DroidSansFallback: 267/256 em). Both fonts share it, so Latin runs sit
 * on the same baseline as the Chinese around them.
 */
const BASELINE = 1.043;

/**
 * An A4 document in Chinese: text in the given CJK TrueType font (embedded as a subset),
 * Latin letters and digits in Helvetica, on one baseline.
 */
export class CjkPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(font: Buffer, info: { Title: string; Author: string; Subject?: string }, layout: 'portrait' | 'landscape' = 'portrait') {
    this.doc = new PDFDocument({ size: 'A4', layout, margin: 64, info });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.doc.registerFont(CJK, font);
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Width of `text` at `size`, each run in its font. */
  measure(text: string, size: number): number {
    return scriptRuns(text).reduce(
      (sum, run) =>
        sum +
        this.doc
          .font(run.cjk ? CJK : LATIN)
          .fontSize(size)
          .widthOfString(run.text),
      0,
    );
  }

  /** A paragraph that wraps, left-aligned. */
  write(text: string, size: number): void {
    const runs = scriptRuns(text);
    runs.forEach((run, i) => {
      this.doc
        .font(run.cjk ? CJK : LATIN)
        .fontSize(size)
        .text(run.text, { continued: i < runs.length - 1, baseline: -BASELINE * size, lineGap: 4 });
    });
  }

  /** `text` on one line from `x` at `y`, without wrapping or moving the cursor. */
  place(text: string, x: number, y: number, size: number): void {
    for (const run of scriptRuns(text)) {
      const width = this.doc
        .font(run.cjk ? CJK : LATIN)
        .fontSize(size)
        .widthOfString(run.text);
      this.doc.text(run.text, x, y, { lineBreak: false, baseline: -BASELINE * size });
      x += width;
    }
  }

  /** One line, centred or flush right: the runs are measured and placed one after another. */
  line(text: string, size: number, align: 'center' | 'right'): void {
    const total = this.measure(text, size);
    const y = this.doc.y;
    this.place(text, this.left + (align === 'center' ? (this.width - total) / 2 : this.width - total), y, size);
    this.doc.x = this.left;
    this.doc.y = y + size * 1.5;
  }

  /** Ends the document and gives its bytes. */
  async end(): Promise<Buffer> {
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
