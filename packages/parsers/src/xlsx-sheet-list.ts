/**
 * A workbook's worksheets in tab order, read on the calling thread: `roster init` looks at each to
 * find the one with the people (a cover or notes tab often comes first). Runs never need this: they
 * read the configured sheet, or the first visible one (xlsx-sheet-choice.ts).
 */
import { readWorkbook } from './xlsx-workbook.ts';
import { ZipArchive } from './xlsx-zip.ts';

export interface WorksheetName {
  readonly name: string;
  readonly visible: boolean;
}

/** Throws XlsxError (not a RosterError) for a file that is no workbook: the reader says it better. */
export async function worksheetNames(path: string): Promise<WorksheetName[]> {
  const zip = await ZipArchive.open(path);
  try {
    const { sheets } = await readWorkbook(zip);
    return sheets.filter((sheet) => sheet.worksheet).map(({ name, visible }) => ({ name, visible }));
  } finally {
    await zip.close();
  }
}
