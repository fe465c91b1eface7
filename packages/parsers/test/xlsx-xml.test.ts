/**
 * The XML scanner under the workbook readers, on its own: where tags end when attribute values hold
 * `>` or the other quote, and that a chunk may end anywhere.
 */
import { describe, expect, it } from 'vitest';
import { attributeValue, type XmlHandler, XmlScanner } from '../src/xlsx-xml.ts';
import { chunkings } from './chunkings.ts';

/** Records what the scanner reports: `<name attr=value>`, `</name>` and text. */
function events(chunks: readonly string[]): string[] {
  const seen: string[] = [];
  // One text node may come in several calls (a chunk ended inside it): joined before the next tag.
  let text = '';
  const tag = (event: string) => {
    if (text !== '') seen.push(`"${text}"`);
    text = '';
    seen.push(event);
  };
  const handler: XmlHandler = {
    wantsText: true,
    open(name, source, from, to) {
      tag(`<${name} a=${attributeValue(source, from, to, 'a') ?? '-'}>`);
    },
    close(name) {
      tag(`</${name}>`);
    },
    text(part) {
      text += part;
    },
  };
  const scanner = new XmlScanner(handler);
  for (const chunk of chunks) scanner.feed(chunk);
  expect(scanner.incomplete).toBe(false);
  return seen;
}

const XML = [
  `<x:c a="1>2" b='it"s'><v>say "hi" > 'there'</v></x:c>`,
  `<c a='x>y' b="it's"/>`,
  `<c a="'>'" /><c b='">"' a="q"><t>no quotes here</t></c>`,
  `<c a="&gt;&quot;"></c><v></v><v/>`,
].join('');

const EXPECTED = [
  '<c a=1>2>',
  '<v a=->',
  `"say "hi" > 'there'"`,
  '</v>',
  '</c>',
  '<c a=x>y>',
  '</c>',
  `<c a='>'>`,
  '</c>',
  '<c a=q>',
  '<t a=->',
  '"no quotes here"',
  '</t>',
  '</c>',
  '<c a=>">',
  '</c>',
  '<v a=->',
  '</v>',
  '<v a=->',
  '</v>',
];

describe('XmlScanner', () => {
  it('ends a tag at the first > outside quotes of either kind', () => {
    expect(events([XML])).toEqual(EXPECTED);
  });

  it('reports the same whatever the chunks: cut at every position', () => {
    for (const chunks of chunkings(XML)) expect(events(chunks)).toEqual(EXPECTED);
  });

  it('goes on after an element a handler read itself, from the index it returned', () => {
    const seen: string[] = [];
    const handler: XmlHandler = {
      wantsText: true,
      open(name) {
        seen.push(`<${name}>`);
      },
      // Reads `<c>`'s content and end tag itself when they are all in this chunk.
      readContent(name, source, content) {
        if (name !== 'c') return undefined;
        const end = source.indexOf('</c>', content);
        if (end === -1) return undefined;
        seen.push(`read "${source.slice(content, end)}"`);
        return end + 4;
      },
      close(name) {
        seen.push(`</${name}>`);
      },
      text(part) {
        seen.push(`"${part}"`);
      },
    };
    const scanner = new XmlScanner(handler);
    scanner.feed('<row><c><v>1</v></c><c/><d>2</d></row>');
    expect(seen).toEqual(['<row>', '<c>', 'read "<v>1</v>"', '<c>', '</c>', '<d>', '"2"', '</d>', '</row>']);
  });
});
