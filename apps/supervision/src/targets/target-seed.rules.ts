import { TargetOp } from '@app/contracts';

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

export interface TargetSeedRow {
  key: string;
  regionCode: string;
  year: number;
  op: TargetOp;
  value: number;
  unit: string;
  metricZh: string;
  document: string;
  clause: string;
  quote: string;
}

const COLUMNS = ['key', 'region', 'year', 'op', 'value', 'unit', 'metric_zh', 'document', 'clause', 'quote'];

/**
 * The seed rows of shared/policy-targets.csv as the targets table stores them: money in
 * yuan becomes integer fen (the platform's money unit), and a document cell that holds only
 * a document number (e.g. `001`) gets the full title the first row of that document gives.
 */
export function targetSeedRows(csv: string): TargetSeedRow[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header || header.join(',') !== COLUMNS.join(',')) {
    throw new Error(`policy targets CSV must have the columns ${COLUMNS.join(',')}`);
  }
  const titles = new Map<string, string>();
  return rows.map((cells, index) => {
    if (cells.length !== COLUMNS.length) throw new Error(`policy targets CSV row ${index + 2} has ${cells.length} cells`);
    const [key, regionCode, year, op, value, unit, metricZh, document, clause, quote] = cells.map((c) => c.trim());
    if (op !== '>=' && op !== '<=') throw new Error(`policy targets CSV row ${index + 2}: op ${op}`);
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw new Error(`policy targets CSV row ${index + 2}: value ${value}`);
    const code = document.split(' ')[0];
    if (document.length > code.length) titles.set(code, titles.get(code) ?? document);
    const money = unit === 'yuan';
    return {
      key,
      regionCode,
      year: Number(year),
      op,
      value: money ? Math.round(number * 100) : number,
      unit: money ? 'fen' : unit,
      metricZh,
      document: titles.get(code) ?? document,
      clause,
      quote,
    };
  });
}
