import ExcelJS from 'exceljs';

/** One column of a sheet: the key in the row objects and its (Chinese) header. */
export interface Column<K extends string = string> {
  key: K;
  header: string;
  width?: number;
}

export type CellValue = string | number | boolean | Date | null | undefined;

/** Writes one sheet (bold header row, frozen) and returns the .xlsx file. */
export async function writeSheet<K extends string>(sheetName: string, columns: Column<K>[], rows: Iterable<Partial<Record<K, CellValue>>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SheetRow<K extends string> {
  /** Row number as Excel shows it (header is row 1). */
  row: number;
  values: Record<K, string>;
}

export class SheetFormatError extends Error {}

/** Plain text of a cell, whatever Excel stored (numbers, rich text, formulas, hyperlinks). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  if ('text' in v) return String(v.text).trim();
  return '';
}

/**
 * Reads the first sheet into row objects keyed by the columns, found by header text (so column
 * order may differ). Missing headers throw SheetFormatError; empty rows are skipped.
 */
export async function readSheet<K extends string>(file: Buffer, columns: Column<K>[], opts: { maxRows?: number } = {}): Promise<SheetRow<K>[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new SheetFormatError('not an .xlsx file');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetFormatError('no sheet');
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => header.set(cellText(cell.value), col));
  const missing = columns.filter((c) => !header.has(c.header)).map((c) => c.header);
  if (missing.length) throw new SheetFormatError(`missing columns: ${missing.join(', ')}`);
  const out: SheetRow<K>[] = [];
  const max = opts.maxRows ?? 50_000;
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values = {} as Record<K, string>;
    let any = false;
    for (const c of columns) {
      const text = cellText(row.getCell(header.get(c.header)!).value);
      values[c.key] = text;
      if (text) any = true;
    }
    if (!any) continue;
    if (out.length >= max) throw new SheetFormatError(`more than ${max} rows`);
    out.push({ row: r, values });
  }
  return out;
}
