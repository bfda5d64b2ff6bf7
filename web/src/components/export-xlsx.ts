import writeXlsxFile from 'write-excel-file/browser';

// A list as the table shows it, to an Excel workbook (.xlsx): Chinese headers in bold, one row per row
// shown. Its own chunk: loaded only when someone exports.

export async function exportXlsx(name: string, headers: string[], rows: Array<Array<string | number>>): Promise<void> {
  const header = headers.map((value) => ({ value, fontWeight: 'bold' as const }));
  const body = rows.map((r) => r.map((value) => (typeof value === 'number' ? { value, type: Number } : { value: String(value), type: String })));
  const stamp = new Date().toISOString().slice(0, 10);
  await writeXlsxFile([header, ...body], { sheet: name.slice(0, 31), columns: headers.map((h) => ({ width: Math.max(10, h.length * 2 + 4) })) }).toFile(`${name}-${stamp}.xlsx`);
}
