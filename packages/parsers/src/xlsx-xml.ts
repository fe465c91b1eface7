/**
 * A streaming scanner of the XML that SpreadsheetML parts are written in: it reports tags by local name
 * (writers may prefix every element, e.g. `<x:row>`), and text only while the handler asks for it, so
 * that the whitespace and markup it does not need cost no strings. Fed text in chunks of any size; a
 * tag or text cut by a chunk's end waits for the next one.
 *
 * Not a validating parser: DTDs, processing instructions and comments are skipped, CDATA is text, and
 * an unknown entity stays as it is written.
 */

export interface XmlHandler {
  /** Whether `text` should be called for the text that follows (e.g. inside `<v>` or `<t>`). */
  readonly wantsText: boolean;
  /**
   * A start tag: its local name and where its attributes are in `source` (`source.slice(from, to)`; read
   * them with {@link attributeValue}). A self-closing tag is followed by `close`.
   */
  open(name: string, source: string, from: number, to: number): void;
  /**
   * Optional, called after `open` for a tag that is not self-closing, with where its content starts in
   * `source`: a handler that reads the content and the end tag itself, from `source` as it is, returns
   * the index after the end tag, and the scanner goes on from there (no `close`, no `text`); otherwise
   * it returns undefined and the scanner reads on as usual.
   */
  readContent?(name: string, source: string, content: number): number | undefined;
  close(name: string): void;
  /** Text with its entities decoded; one text node may come in several calls. */
  text(text: string): void;
}

const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const BANG = 0x21;
const QUESTION = 0x3f;

export class XmlScanner {
  readonly #handler: XmlHandler;
  #rest = '';

  constructor(handler: XmlHandler) {
    this.#handler = handler;
  }

  feed(chunk: string): void {
    const source = this.#rest.length === 0 ? chunk : this.#rest + chunk;
    const handler = this.#handler;
    const end = source.length;
    let index = 0;
    while (index < end) {
      const lt = source.indexOf('<', index);
      if (lt === -1) {
        // The text may go on in the next chunk (and an entity may be cut in two): keep it if wanted.
        this.#rest = handler.wantsText ? source.slice(index) : '';
        return;
      }
      if (lt > index && handler.wantsText) handler.text(decodeXml(source.slice(index, lt)));
      const next = source.charCodeAt(lt + 1);
      if (next === BANG || next === QUESTION) {
        const after = this.#special(source, lt);
        if (after === -1) {
          index = lt;
          break;
        }
        index = after;
        continue;
      }
      const gt = tagEnd(source, lt + 1);
      if (gt === -1 || Number.isNaN(next)) {
        index = lt;
        break;
      }
      if (next === SLASH) {
        handler.close(localName(source, lt + 2, gt));
      } else {
        const selfClosing = source.charCodeAt(gt - 1) === SLASH;
        const tagEnd = selfClosing ? gt - 1 : gt;
        let nameEnd = lt + 1;
        while (nameEnd < tagEnd && source.charCodeAt(nameEnd) > 0x20) nameEnd++;
        const name = localName(source, lt + 1, nameEnd);
        handler.open(name, source, nameEnd, tagEnd);
        if (selfClosing) {
          handler.close(name);
        } else if (handler.readContent) {
          const after = handler.readContent(name, source, gt + 1);
          if (after !== undefined) {
            index = after;
            continue;
          }
        }
      }
      index = gt + 1;
    }
    this.#rest = index < end ? source.slice(index) : '';
  }

  /** Whether everything fed has been read: no tag, comment or wanted text waits for more. */
  get idle(): boolean {
    return this.#rest.length === 0;
  }

  /** Whether the input ended inside a tag. */
  get incomplete(): boolean {
    return this.#rest.includes('<');
  }

  /**
   * Skips `<!-- … -->`, `<?…?>` and `<!DOCTYPE …>`; CDATA is text. The index after it, or -1 when the
   * chunk ends first (then nothing follows in `source`, so a cut `<![CDA` cannot be mistaken).
   */
  #special(source: string, lt: number): number {
    if (source.startsWith('<![CDATA[', lt)) {
      const close = source.indexOf(']]>', lt + 9);
      if (close === -1) return -1;
      if (this.#handler.wantsText) this.#handler.text(source.slice(lt + 9, close));
      return close + 3;
    }
    if (source.startsWith('<!--', lt)) {
      const close = source.indexOf('-->', lt + 4);
      return close === -1 ? -1 : close + 3;
    }
    const close = source.indexOf('>', lt + 2);
    return close === -1 ? -1 : close + 1;
  }
}

/** The name between `from` and `to` without its namespace prefix (`x:row` → `row`). */
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/**
 * The `>` that ends a tag whose attributes start at `from`, or -1 when the chunk ends first. A `>`
 * inside a quoted attribute value is legal XML (Excel writes `&gt;`, other writers do not, e.g. a
 * format code `[>=1]dd/mm/yyyy` or a sheet named `A>B`), so quotes are followed.
 */
function tagEnd(source: string, from: number): number {
  let quote = 0;
  for (let index = from; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === GT) {
      return index;
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      quote = code;
    }
  }
  return -1;
}

function localName(source: string, from: number, to: number): string {
  let start = from;
  let end = to;
  for (let index = from; index < to; index++) {
    const code = source.charCodeAt(index);
    if (code === COLON) start = index + 1;
    else if (code <= 0x20 || code === GT) {
      end = index;
      break;
    }
  }
  return source.slice(start, end);
}

export interface AttributeVisitor {
  /** One attribute: its local name is `source.slice(nameStart, nameEnd)`, its raw value `valueStart…valueEnd`. */
  attribute(source: string, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void;
}

/**
 * Visits each attribute between `from` and `to` without making strings: the hot path (`<c r= s= t=>`,
 * a million times for 100k rows) looks at a name's characters, not at a slice of them.
 */
export function scanAttributes(source: string, from: number, to: number, visitor: AttributeVisitor): void {
  let index = from;
  while (index < to) {
    const eq = source.indexOf('=', index);
    if (eq === -1 || eq >= to) return;
    let nameEnd = eq;
    while (nameEnd > index && source.charCodeAt(nameEnd - 1) <= 0x20) nameEnd--;
    let nameStart = nameEnd;
    while (nameStart > index) {
      const code = source.charCodeAt(nameStart - 1);
      if (code <= 0x20 || code === COLON) break;
      nameStart--;
    }
    let quote = eq + 1;
    while (quote < to && source.charCodeAt(quote) <= 0x20) quote++;
    const close = source.indexOf(source.charCodeAt(quote) === 0x27 ? "'" : '"', quote + 1);
    if (close === -1 || close > to) return;
    visitor.attribute(source, nameStart, nameEnd, quote + 1, close);
    index = close + 1;
  }
}

/**
 * The value of the attribute named `name` (local name: `r:id` is found as `id`) in `source` between
 * `from` and `to`, entities decoded; `undefined` when absent. Either quote character.
 */
export function attributeValue(source: string, from: number, to: number, name: string): string | undefined {
  let index = from;
  while (index < to) {
    const eq = source.indexOf('=', index);
    if (eq === -1 || eq >= to) return undefined;
    let nameEnd = eq;
    while (nameEnd > index && source.charCodeAt(nameEnd - 1) <= 0x20) nameEnd--;
    let nameStart = index;
    while (nameStart < nameEnd && source.charCodeAt(nameStart) <= 0x20) nameStart++;
    let quote = eq + 1;
    while (quote < to && source.charCodeAt(quote) <= 0x20) quote++;
    const close = source.indexOf(source[quote] ?? '"', quote + 1);
    if (close === -1 || close > to) return undefined;
    const colon = source.lastIndexOf(':', nameEnd - 1);
    const localStart = colon >= nameStart ? colon + 1 : nameStart;
    if (nameEnd - localStart === name.length && source.startsWith(name, localStart)) {
      return decodeXml(source.slice(quote + 1, close));
    }
    index = close + 1;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Where the text of an element's plain content ends, for {@link XmlHandler.readContent}: the content
 * at `content` must be `open` + text without markup + `close` (e.g. `<v>`, `</v></c>`), all in `source`;
 * else -1. The text is `source.slice(content + open.length, end)`, still to be decoded.
 */
export function plainTextEnd(source: string, content: number, open: string, close: string): number {
  if (!source.startsWith(open, content)) return -1;
  const end = source.indexOf('<', content + open.length);
  return end !== -1 && source.startsWith(close, end) ? end : -1;
}

/** Decodes the five named entities and character references; leaves anything else as written. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.charCodeAt(0) !== 0x23) return ENTITIES[entity] ?? whole;
    const code =
      entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Excel's escapes for characters XML cannot hold (`_x000D_` is a carriage return; `_x005F_` escapes a
 * literal `_x…_`). Applied to cell text, after the XML entities.
 */
export function decodeExcelEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  const decoded = text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  // `_xD800_` alone is a lone surrogate, which PostgreSQL stores as U+FFFD: make the text what is stored.
  return decoded.toWellFormed();
}
