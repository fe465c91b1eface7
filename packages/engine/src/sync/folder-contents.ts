/**
 * What the tenant's folder holds, for the message of a run that found no file to take: the names
 * the pattern was tried on are what tells a wrong `file.name` from a customer who has not uploaded.
 */
import type { FileSource } from '../ports/file-source.ts';

/** How many names a message lists. */
const NAMES_SHOWN = 10;

/** `; the folder holds a.csv, b.txt`, `; the folder is empty`, or nothing when it cannot be listed. */
export async function folderContents(source: FileSource): Promise<string> {
  const files = await source.list().catch(() => undefined);
  if (files === undefined) return '';
  if (files.length === 0) return '; the folder is empty';
  const names = files.slice(0, NAMES_SHOWN).map((file) => file.name);
  const more = files.length > NAMES_SHOWN ? ` and ${files.length - NAMES_SHOWN} more` : '';
  return `; the folder holds ${names.join(', ')}${more} (names are matched whole, ignoring case; * and ? match any characters)`;
}
