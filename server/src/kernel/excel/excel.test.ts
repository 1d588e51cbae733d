import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readSheet, SheetFormatError, writeSheet, type Column } from './index.ts';

const cols: Column<'code' | 'area'>[] = [
  { key: 'code', header: '房号' },
  { key: 'area', header: '建筑面积' },
];

describe('excel', () => {
  it('writes Chinese headers and reads rows back with their Excel row numbers', async () => {
    const file = await writeSheet('房屋', cols, [{ code: '1-1-101', area: 88.55 }, {}, { code: '1-1-102', area: 90 }]);
    const rows = await readSheet(file, cols);
    expect(rows).toEqual([
      { row: 2, values: { code: '1-1-101', area: '88.55' } },
      { row: 4, values: { code: '1-1-102', area: '90' } },
    ]);
  });

  it('finds columns by header whatever their order', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['备注', '建筑面积', '房号']);
    ws.addRow(['', 100, '2-1-301']);
    const rows = await readSheet(Buffer.from(await wb.xlsx.writeBuffer()), cols);
    expect(rows[0].values).toEqual({ code: '2-1-301', area: '100' });
  });

  it('refuses a missing column and a file that is not .xlsx', async () => {
    const file = await writeSheet('x', [cols[0]], [{ code: 'a' }]);
    await expect(readSheet(file, cols)).rejects.toThrow(/建筑面积/);
    await expect(readSheet(Buffer.from('hello'), cols)).rejects.toBeInstanceOf(SheetFormatError);
  });
});
