import ExcelJS from 'exceljs';
import { DomainError } from '@app/contracts';
import { buildTemplate, parseUpload, REPORT_SHEET, TEMPLATE_FIELDS } from './report-template.js';

async function filled(values: Record<string, unknown>, extraRows: Array<[string, unknown]> = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await buildTemplate()) as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet(REPORT_SHEET) as ExcelJS.Worksheet;
  sheet.eachRow((row, n) => {
    const key = String(row.getCell(1).value);
    if (n > 1 && key in values) row.getCell(3).value = values[key] as ExcelJS.CellValue;
  });
  for (const [key, value] of extraRows) sheet.addRow([key, '', value]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const VALUES = {
  year: 2025,
  period: 'annual',
  regionCode: 1401,
  parcels: 1_000_000,
  eWaybills: 995_000,
  transitBagsTotal: 20_000,
  recyclableTransitBags: 15_000,
  plasticBagsUsed: '300,000',
  plasticBagsRecovered: 60_000,
  'vehicles.total': 120,
  'vehicles.newEnergy': 36,
  'energy.dieselL': 12_000,
  'energy.gasolineL': 3_000,
  'energy.electricityKWh': 50_000,
  'energy.cngM3': 1_500,
  'stated.co2eKg': 68_000,
};

async function failure(file: Buffer): Promise<DomainError> {
  try {
    await parseUpload(file);
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected the upload to be refused');
}

describe('XLSX report template', () => {
  it('has one row per field with the API key in column A', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildTemplate()) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(REPORT_SHEET) as ExcelJS.Worksheet;
    const keys: string[] = [];
    sheet.eachRow((row, n) => n > 1 && keys.push(String(row.getCell(1).value)));
    expect(keys).toEqual(TEMPLATE_FIELDS.map((f) => f.key));
  });

  it('reads a filled-in template into a report body, region codes as text and thousands separators removed', async () => {
    const body = await parseUpload(await filled(VALUES));
    expect(body).toMatchObject({
      year: 2025,
      period: 'annual',
      regionCode: '1401',
      parcels: 1_000_000,
      plasticBagsUsed: 300_000,
      vehicles: { total: 120, newEnergy: 36 },
      energy: { dieselL: 12_000, gasolineL: 3_000, electricityKWh: 50_000, cngM3: 1_500 },
      stated: { co2eKg: 68_000 },
    });
    expect(body.singleUsePlasticItems).toBeUndefined();
  });

  it('names the cell of a bad or missing value', async () => {
    const err = await failure(await filled({ ...VALUES, parcels: -5, 'energy.cngM3': undefined }));
    expect(err).toBeInstanceOf(DomainError);
    expect(err.status).toBe(400);
    expect(err.errors).toEqual(
      expect.arrayContaining([{ field: 'C6 (parcels)', message: 'parcels must not be negative' }, expect.objectContaining({ field: 'C20 (energy.cngM3)' })]),
    );
  });

  it('refuses rows the template does not have and files that are not workbooks', async () => {
    const unknown = await failure(await filled(VALUES, [['bonus', 1]]));
    expect(unknown.errors).toEqual([{ field: 'A26', message: 'unknown field "bonus"; use the template\'s rows' }]);
    const notXlsx = await failure(Buffer.from('year,period\n2025,annual\n'));
    expect(notXlsx.code).toBe('BAD_WORKBOOK');
  });
});
