/**
 * Which sheet of a workbook is read: the configured one (by name, case-insensitively as column names
 * are, so `Personel Listesi` finds `PERSONEL LİSTESİ`; hidden or not),
 * else the first tab a person would see as the data: the first visible worksheet. A hidden sheet before
 * it (a lookup list, an export's raw data) is not what the customer looks at, and a chart tab has no
 * cells; only a workbook with no visible worksheet falls back to its first worksheet.
 */
import { foldCase } from '@roster/config';
import { XlsxError } from './xlsx-error.ts';
import type { WorkbookSheet } from './xlsx-workbook.ts';

export interface SheetChoice {
  readonly sheet: WorkbookSheet;
  /** How messages name it: `sheet "Employees"`, or `sheet "Employees" (the first visible one)`. */
  readonly label: string;
  /** For hints: the workbook's sheets, hidden ones marked: `"Lookup" (hidden), "Employees"`. */
  readonly names: string;
  readonly count: number;
}

export function chooseSheet(sheets: readonly WorkbookSheet[], wanted: string | undefined): SheetChoice {
  const names = sheets
    .map((entry) => `${JSON.stringify(entry.name)}${entry.visible ? '' : ' (hidden)'}`)
    .join(', ');
  if (wanted !== undefined) {
    const key = foldCase(wanted.trim());
    const sheet = sheets.find((entry) => foldCase(entry.name.trim()) === key);
    if (!sheet) {
      throw new XlsxError(
        'SHEET_NOT_FOUND',
        `no sheet named ${JSON.stringify(wanted)}, found ${names || 'none'}`,
        'Set `xlsx.sheet` in tenant.yaml to one of these names, or leave it out to read the first visible sheet',
      );
    }
    return { sheet, label: `sheet ${JSON.stringify(sheet.name)}`, names, count: sheets.length };
  }
  const visible = sheets.find((entry) => entry.worksheet && entry.visible);
  const sheet = visible ?? sheets.find((entry) => entry.worksheet) ?? sheets[0];
  if (!sheet) {
    throw new XlsxError(
      'SHEET_NOT_FOUND',
      'the workbook has no sheets',
      'Check the export that produced it, or open it in Excel and save it again',
    );
  }
  const which = visible ? 'the first visible one' : 'the first one; none is visible';
  const label = `sheet ${JSON.stringify(sheet.name)} (${which}; \`xlsx.sheet\` is not set)`;
  return { sheet, label, names, count: sheets.length };
}
