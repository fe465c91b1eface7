/**
 * What a file is by its first bytes, when it is a binary container rather than text: a customer who
 * uploads a workbook under a CSV tenant (or an old .xls under an xlsx one) should be told that, not
 * "stray quote at line 3" or "not a zip archive".
 */

export type BinaryKind = 'zip' | 'ole' | 'pdf' | 'gzip';

const SIGNATURES: readonly { readonly kind: BinaryKind; readonly bytes: readonly number[] }[] = [
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // PK\3\4: .xlsx (and any zip)
  // An OLE compound file: an Excel 97-2003 .xls, or an .xlsx saved with a password (Excel encrypts it
  // into one).
  { kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
];

/** The container `sample` starts with, if any. */
export function binaryKind(sample: Uint8Array): BinaryKind | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, index) => sample[index] === byte))?.kind;
}

/** What a binary file is, for a message: "an Excel workbook (.xlsx, a zip archive)". */
export function describeBinary(kind: BinaryKind): string {
  switch (kind) {
    case 'zip':
      return 'an Excel workbook (.xlsx) or another zip archive';
    case 'ole':
      return 'an Excel 97-2003 workbook (.xls) or a password-protected one';
    case 'pdf':
      return 'a PDF document';
    case 'gzip':
      return 'a gzip-compressed file';
  }
}

/** What to do about a binary file where a text format (`CSV`, `JSON`) was expected. */
export function binaryHint(kind: BinaryKind, expected: 'CSV' | 'JSON'): string {
  switch (kind) {
    case 'zip':
      return `If it is a workbook, set \`file.format: xlsx\` in tenant.yaml; else ask the customer for the ${expected} export`;
    case 'ole':
      return 'Ask the customer to save it as an .xlsx workbook without a password (and set `file.format: xlsx`), or to export it as CSV';
    case 'pdf':
    case 'gzip':
      return `Ask the customer for the ${expected} (or Excel) export itself`;
  }
}
