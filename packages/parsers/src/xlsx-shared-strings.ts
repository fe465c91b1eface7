/**
 * The shared-strings table (`xl/sharedStrings.xml`) as a plain array of strings, parsed as it is
 * inflated: cells of type `s` hold an index into it. Rich text (`<si><r><t>…</t></r>…</si>`) is the
 * concatenation of its runs; phonetic guides (`<rPh>`, Japanese readings) are not part of the text.
 */
import { NfcWatch } from './nfc.ts';
import { decodeExcelEscapes, decodeXml, plainTextEnd, type XmlHandler, XmlScanner } from './xlsx-xml.ts';

class SharedStringsHandler implements XmlHandler {
  readonly strings: string[] = [];
  wantsText = false;
  #text = '';
  #inItem = false;
  #phonetic = 0;

  open(name: string): void {
    switch (name) {
      case 'si':
        this.#inItem = true;
        this.#text = '';
        break;
      case 'rPh':
        this.#phonetic++;
        break;
      case 't':
        this.wantsText = this.#inItem && this.#phonetic === 0;
        break;
    }
  }

  /**
   * The usual item, `<si><t>text</t></si>` with nothing between or around, read at once from the chunk
   * (a first load waits for the table); any other shape, or one the chunk cuts, tag by tag.
   */
  readContent(name: string, source: string, content: number): number | undefined {
    if (name !== 'si') return undefined;
    const end = plainTextEnd(source, content, '<t>', '</t></si>');
    if (end === -1) return undefined;
    this.strings.push(decodeExcelEscapes(decodeXml(source.slice(content + 3, end))));
    this.#inItem = false;
    return end + 9;
  }

  close(name: string): void {
    switch (name) {
      case 'si':
        this.strings.push(decodeExcelEscapes(this.#text));
        this.#inItem = false;
        break;
      case 'rPh':
        this.#phonetic--;
        break;
      case 't':
        this.wantsText = false;
        break;
    }
  }

  text(text: string): void {
    this.#text += text;
  }
}

/** Reads the table from the part's inflated bytes. */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const handler = new SharedStringsHandler();
  const scanner = new XmlScanner(handler);
  const decoder = new TextDecoder();
  // Entities and Excel's escapes can spell a combining accent in ASCII (see nfc.ts).
  const nfc = new NfcWatch(['&#', '_x']);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    nfc.look(text);
    scanner.feed(text);
  }
  scanner.feed(decoder.decode());
  // The whole table once it is read: strings before the first chunk that needed it are NFC already.
  return nfc.needed ? handler.strings.map((text) => text.normalize('NFC')) : handler.strings;
}
