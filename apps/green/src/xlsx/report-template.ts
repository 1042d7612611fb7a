import ExcelJS from 'exceljs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateGreenReportRequest, DomainError, FieldError } from '@app/contracts';
import { fieldErrors } from '@app/messaging';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const REPORT_SHEET = '报告 Report';
const TEMPLATE_VERSION = 'green-report-template v1';

interface TemplateField {
  key: string;
  label: string;
  unit: string;
  note: string;
  required: boolean;
  /** text cells stay text (a region code typed as a number becomes its digits) */
  text?: boolean;
}

/** The rows of the template, in order; column A holds the key the API uses. */
export const TEMPLATE_FIELDS: TemplateField[] = [
  { key: 'year', label: '报告年度', unit: '年', note: 'e.g. 2025', required: true },
  { key: 'period', label: '报告期', unit: '', note: 'annual, Q1, Q2, Q3 or Q4 (年度/季度)', required: true, text: true },
  {
    key: 'regionCode',
    label: '报告地区代码',
    unit: '',
    note: 'the province (its 2 digits), a city (4 digits) or county (6 digits)',
    required: true,
    text: true,
  },
  {
    key: 'enterpriseId',
    label: '企业编号',
    unit: '',
    note: 'only when an administrator files on behalf of an enterprise (管理员代报时填写)',
    required: false,
    text: true,
  },
  { key: 'parcels', label: '快件业务量', unit: '件', note: '', required: true },
  { key: 'eWaybills', label: '使用电子运单的快件数', unit: '件', note: 'not more than parcels', required: true },
  { key: 'transitBagsTotal', label: '中转袋使用总数', unit: '个', note: '', required: true },
  { key: 'recyclableTransitBags', label: '循环中转袋数', unit: '个', note: 'not more than transit bags in total', required: true },
  { key: 'plasticBagsUsed', label: '塑料袋使用量', unit: '个', note: '', required: true },
  { key: 'plasticBagsRecovered', label: '塑料袋回收量', unit: '个', note: 'not more than plastic bags used', required: true },
  { key: 'singleUsePlasticItems', label: '其他一次性塑料制品使用量', unit: '件', note: 'optional', required: false },
  { key: 'recyclableBoxes', label: '循环快递箱数', unit: '个', note: 'optional', required: false },
  { key: 'tapeMeters', label: '封装胶带用量', unit: '米', note: 'optional', required: false },
  { key: 'vehicles.total', label: '期末车辆总数', unit: '辆', note: '', required: true },
  { key: 'vehicles.newEnergy', label: '其中新能源车辆', unit: '辆', note: 'not more than vehicles in total', required: true },
  { key: 'energy.dieselL', label: '柴油消耗', unit: '升', note: '', required: true },
  { key: 'energy.gasolineL', label: '汽油消耗', unit: '升', note: '', required: true },
  { key: 'energy.electricityKWh', label: '电力消耗', unit: '千瓦时', note: '', required: true },
  { key: 'energy.cngM3', label: '压缩天然气消耗', unit: '立方米', note: '', required: true },
  { key: 'stated.eWaybillRate', label: '企业自报电子运单使用率', unit: '0–1', note: 'optional, a ratio: 0.992 for 99.2%', required: false },
  { key: 'stated.recyclableBagRate', label: '企业自报循环中转袋使用率', unit: '0–1', note: 'optional, a ratio', required: false },
  { key: 'stated.newEnergyShare', label: '企业自报新能源车辆占比', unit: '0–1', note: 'optional, a ratio', required: false },
  { key: 'stated.co2eKg', label: '企业自报二氧化碳排放量', unit: '千克', note: 'optional', required: false },
  { key: 'note', label: '备注/更正说明', unit: '', note: 'optional', required: false, text: true },
];

const FIRST_ROW = 2;
const VALUE_COLUMN = 'C';

/** The XLSX template the platform hands out: one row per field, the value in column C. */
export async function buildTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'express supervision platform';
  book.title = TEMPLATE_VERSION;
  const sheet = book.addWorksheet(REPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'field (字段)', key: 'key', width: 26 },
    { header: '项目', key: 'label', width: 28 },
    { header: 'value (填报值)', key: 'value', width: 20 },
    { header: 'unit (单位)', key: 'unit', width: 10 },
    { header: 'notes (说明)', key: 'note', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const f of TEMPLATE_FIELDS) {
    const row = sheet.addRow({ key: f.key, label: f.required ? `${f.label} *` : f.label, unit: f.unit, note: f.note });
    if (f.text) row.getCell('value').numFmt = '@';
  }
  const help = book.addWorksheet('说明 Instructions');
  help.getColumn(1).width = 110;
  [
    TEMPLATE_VERSION,
    'Fill in column C of the first sheet and upload the file to POST /api/v1/green-reports/upload (Content-Type: ' + XLSX_TYPE + ').',
    '填写第一张表的C列后上传。带 * 的项目必填；数量为非负整数，能源消耗可带小数。',
    'Filing again for the same year, period and region makes the next version of that report; an accepted report cannot be changed.',
    '同一年度、报告期和地区再次报送即为该报告的新版本；已通过的报告不能再修改。',
  ].forEach((line) => help.addRow([line]));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    return undefined;
  }
  return value;
}

function normalise(raw: unknown, field: TemplateField): unknown {
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    if (field.text) return trimmed;
    const numeric = trimmed.replace(/[,\s]/g, '');
    return /^-?\d+(\.\d+)?$/.test(numeric) ? Number(numeric) : trimmed;
  }
  if (typeof raw === 'number' && field.text) return String(raw);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * Reads a filled-in template into a report request, validated like the JSON body; errors
 * name the cell (e.g. `C6 (parcels)`).
 */
export async function parseUpload(file: Buffer): Promise<CreateGreenReportRequest> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw new DomainError(400, 'BAD_WORKBOOK', 'the file is not an XLSX workbook; download the template from GET /api/v1/green-reports/template');
  }
  const sheet = book.getWorksheet(REPORT_SHEET) ?? book.worksheets[0];
  if (!sheet) throw new DomainError(400, 'BAD_WORKBOOK', 'the workbook has no sheet');
  const cells = new Map<string, string>();
  const body: Record<string, unknown> = {};
  const problems: FieldError[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber < FIRST_ROW) return;
    const key = String(cellValue(row.getCell(1).value) ?? '').trim();
    if (!key) return;
    const field = TEMPLATE_FIELDS.find((f) => f.key === key);
    const cell = `${VALUE_COLUMN}${rowNumber}`;
    if (!field) {
      problems.push({ field: `A${rowNumber}`, message: `unknown field "${key}"; use the template's rows` });
      return;
    }
    cells.set(key, cell);
    const value = normalise(cellValue(row.getCell(VALUE_COLUMN).value), field);
    if (value !== undefined) setPath(body, key, value);
  });
  if (problems.length) throw new DomainError(400, 'VALIDATION_FAILED', 'the workbook has rows the template does not know', problems);
  const missing = TEMPLATE_FIELDS.filter((f) => f.required && !cells.has(f.key));
  if (missing.length === TEMPLATE_FIELDS.filter((f) => f.required).length) {
    throw new DomainError(400, 'BAD_WORKBOOK', `the first sheet is not the report template (column A holds no field keys)`);
  }
  const request = plainToInstance(CreateGreenReportRequest, body);
  const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const list = fieldErrors(errors).map((e) => {
      const cell = cells.get(e.field) ?? cells.get(e.field.split('.')[0]);
      return { field: cell ? `${cell} (${e.field})` : e.field, message: e.message };
    });
    throw new DomainError(400, 'VALIDATION_FAILED', `invalid cells: ${list.map((e) => e.field).join(', ')}`, list);
  }
  return request;
}
