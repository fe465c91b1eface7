/**
 * A YAML file parsed with its source positions kept, so that every later problem (schema or
 * meaning) can be reported at `file:line:col`.
 */
import {
  type Alias,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, DiagnosticCode, Position } from './diagnostic.ts';

export type PathSegment = string | number;

export interface YamlSource {
  /** The file as it is reported in diagnostics. */
  readonly file: string;
  /** The plain value, or undefined when the YAML could not be parsed. */
  readonly value: unknown;
  /** Syntax problems (duplicate keys, tabs, broken YAML), with their positions. */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Where the node at `path` is. With `key: true`, the position of its key (for "unknown key" and
   * "missing key" problems), else of its value. Falls back to the nearest existing ancestor.
   */
  positionOf(path: readonly PathSegment[], options?: { key?: boolean }): Position;
}

const YAML_CODES: Record<string, DiagnosticCode> = {
  DUPLICATE_KEY: 'YAML_DUPLICATE_KEY',
  TAB_AS_INDENT: 'YAML_TAB',
};

/**
 * The parser's messages that speak to its own API rather than to the file's author (`please use
 * YAML.parseAllDocuments()`), said in the author's terms.
 */
const OWN_WORDS: Record<string, string> = {
  MULTIPLE_DOCS:
    'A second YAML document starts here (a `---` line): a Roster file is one document. Remove this line and what follows, or put it in a file of its own',
};

/** Problems after which the parsed value is still what the author meant, so checking can go on. */
const RECOVERABLE = new Set(['DUPLICATE_KEY']);

function hintFor(error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return 'Each key may appear once in a mapping: remove or rename the second one.';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces: replace the tab with spaces.';
    case 'MULTIPLE_DOCS':
      return 'A tenant is one folder with one tenant.yaml and one mappings.yaml.';
    default:
      return 'Fix the YAML syntax here (check indentation, colons and quotes).';
  }
}

/**
 * Keys are names — columns, attributes, the values a `map` matches — and are read as they are written:
 * YAML would make `01:` the number 1 (and the key "1"), `1.50:` "1.5" and `1e3:` "1000", and a
 * `map` key so changed never matches the cell it was written for.
 */
function keysAsWritten(root: unknown): void {
  visit(root as Node, {
    Pair(_, pair) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value !== 'string' && key.value !== null && key.source !== undefined)
        key.value = key.source;
    },
  });
}

/**
 * Where an alias needs an anchor that is not there, the plain value cannot be built (`toJS` throws). The
 * usual cause is a glob written unquoted: `name: *.csv` reads as the alias `*.csv`, not as text.
 */
function aliasDiagnostics(document: Document, file: string, at: (offset: number) => Position): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(document, {
    Alias(_, alias, path) {
      if (alias.resolve(document) !== undefined) return;
      const { line, col } = at(alias.range?.[0] ?? 0);
      const written = `*${alias.source}`;
      const parent = path.at(-1);
      const key = isPair(parent) && isScalar(parent.key) ? `${String(parent.key.value)}: ` : '';
      diagnostics.push({
        file,
        line,
        col,
        level: 'error',
        code: 'YAML_ALIAS',
        message: `Invalid value ${written}: \`*\` starts a YAML alias (a reference to an \`&anchor\`), and no anchor \`&${alias.source}\` comes before it. For a file name or any text starting with \`*\`, quote it: ${key}"${written}".`,
      });
    },
  });
  return diagnostics;
}

/**
 * The alias the expansion limit points at: the first one whose anchor itself holds aliases (a nested
 * expansion, as in a "billion laughs" file), else the first alias.
 */
function expandingAlias(document: Document): Alias | undefined {
  let first: Alias | undefined;
  let nested: Alias | undefined;
  visit(document, {
    Alias(_, alias) {
      first ??= alias;
      let holdsAliases = false;
      const target = alias.resolve(document);
      if (target)
        visit(target, {
          Alias() {
            holdsAliases = true;
            return visit.BREAK;
          },
        });
      if (holdsAliases) {
        nested = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return nested ?? first;
}

/** The plain value, or a diagnostic where YAML's aliases make it impossible or too large to build. */
function plainValue(
  document: Document,
  file: string,
  at: (offset: number) => Position,
): { value: unknown; diagnostics: Diagnostic[] } {
  const unresolved = aliasDiagnostics(document, file, at);
  if (unresolved.length > 0) return { value: undefined, diagnostics: unresolved };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostics: [] };
  } catch (error) {
    // Only the alias limit is known to throw here; anything else is reported the same way rather than
    // stopping every other tenant's validation (and the scheduler's start).
    const alias = expandingAlias(document);
    const { line, col } = alias?.range ? at(alias.range[0]) : { line: 1, col: 1 };
    return {
      value: undefined,
      diagnostics: [
        {
          file,
          line,
          col,
          level: 'error',
          code: 'YAML_ALIAS',
          message: `Invalid YAML: its aliases expand past the limit of ${MAX_ALIAS_COUNT} (${error instanceof Error ? error.message : String(error)}). Roster's files need no anchors or aliases: write the values out.`,
        },
      ],
    };
  }
}

const MAX_ALIAS_COUNT = 100;

/** Parses YAML text; never throws. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => lineCounter.linePos(offset);

  const diagnostics: Diagnostic[] = [...document.errors, ...document.warnings].map((error) => {
    const { line, col } = at(error.pos[0]);
    const firstLine = OWN_WORDS[error.code] ?? error.message.split('\n')[0] ?? error.message;
    return {
      file,
      line,
      col,
      level: document.errors.includes(error) ? 'error' : 'warning',
      code: YAML_CODES[error.code] ?? 'YAML_SYNTAX',
      message: `${firstLine.replace(/ at line \d+, column \d+:?$/, '')}. ${hintFor(error)}`,
    };
  });
  // A tab used for indentation also breaks the structure after it: the parser reads the tab's line at
  // another depth, and every later line of that mapping then seems to start at the wrong column, or a
  // key seems to repeat one elsewhere (reported where that mapping starts, so even above the tab). Report
  // only the tab, which is what the author has to fix, and keep the syntax problems before the first
  // tab, which it cannot have caused.
  // Likewise one syntax error often makes the parser complain twice at the same place: keep the first.
  const firstTab = Math.min(...diagnostics.filter((d) => d.code === 'YAML_TAB').map((d) => d.line));
  const syntaxLines = new Set<number>();
  let hidden = 0;
  const shown = diagnostics.filter((d) => {
    if (d.code === 'YAML_TAB') return true;
    if (d.line >= firstTab || (firstTab < Infinity && d.code === 'YAML_DUPLICATE_KEY')) {
      hidden += 1;
      return false;
    }
    if (d.code !== 'YAML_SYNTAX') return true;
    if (syntaxLines.has(d.line)) return false;
    syntaxLines.add(d.line);
    return true;
  });
  if (hidden > 0) {
    const index = shown.findIndex((d) => d.code === 'YAML_TAB');
    const tab = shown[index];
    if (tab)
      shown[index] = {
        ...tab,
        message: `${tab.message} The lines after it are read at the wrong depth and are checked once it is fixed.`,
      };
  }

  const usable = document.errors.every((error) => RECOVERABLE.has(error.code));
  if (usable) keysAsWritten(document.contents);
  const plain = usable ? plainValue(document, file, at) : { value: undefined, diagnostics: [] };

  return {
    file,
    value: plain.value,
    diagnostics: [...shown, ...plain.diagnostics],
    positionOf(path, options = {}) {
      let node: unknown = document.contents;
      let position: Position =
        node && (node as Node).range ? at((node as Node).range?.[0] ?? 0) : { line: 1, col: 1 };
      for (const [index, segment] of path.entries()) {
        const last = index === path.length - 1;
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
          );
          if (!pair) return position;
          const keyNode = pair.key as Node;
          const valueNode = pair.value as Node | null;
          const keyPosition = at(keyNode.range?.[0] ?? 0);
          if (last && options.key) return keyPosition;
          position = valueNode?.range ? at(valueNode.range[0]) : keyPosition;
          node = valueNode;
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (!item?.range) return position;
          position = at(item.range[0]);
          node = item;
        } else {
          return position;
        }
      }
      return position;
    },
  };
}
