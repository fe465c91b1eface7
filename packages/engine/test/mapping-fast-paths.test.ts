/**
 * The per-row fast paths of mapping must give the answers of the plain definitions: the e-mail
 * check, lowercasing, cached status synonyms, and the reused slots of the row mapper.
 */
import type { MappingsConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import {
  compileRowMapper,
  type MappedUser,
  PROFILE_FIELDS,
  type Rejection,
  type SourceRow,
} from '../src/index.ts';
import { isEmail, isEmailByPattern, lowercase } from '../src/mapping/cell-values.ts';

/** A small deterministic generator, so that a failure reproduces. */
function randomFrom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const LOCAL_PARTS = [
  'a',
  'ana.silva',
  'Ana.Silva',
  '.ana',
  'ana.',
  'ana..silva',
  'ana...silva',
  "o'brien+hr",
  'a!#$%&*+/=?^_`{|}~-z',
  '"quoted"',
  'ana silva',
  'ana,silva',
  'ana(silva)',
  'ana\\silva',
  'jürgen.groß',
  'ayşe',
  'ана',
  '١٢٣',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(240),
  '',
];

const DOMAINS = [
  'example.com',
  'Example.COM',
  'a.b',
  'example-corp.com',
  'ex--ample.com',
  '-example.com',
  'example-.com',
  'example.-com',
  'example..com',
  '.example.com',
  'example.com.',
  'example',
  'localhost',
  'exa_mple.com',
  'exa mple.com',
  '1.2.3.4',
  '[127.0.0.1]',
  'xn--bcher-kva.example',
  'bücher.de',
  'şirket.com.tr',
  'пример.рф',
  'example.c0m',
  `${'d'.repeat(63)}.com`,
  `${'d'.repeat(64)}.com`,
  `a.${'d'.repeat(63)}`,
  `a.${'d'.repeat(64)}`,
  `${'d'.repeat(62)}-.com`,
  `${'ab.'.repeat(80)}com`,
  '',
];

/** Addresses built from tricky parts, with the usual accidents around them. */
function* tricky(): Generator<string> {
  for (const local of LOCAL_PARTS) {
    for (const domain of DOMAINS) {
      const address = `${local}@${domain}`;
      yield address;
      yield `${local}@@${domain}`;
      yield `${local}@${domain}@${domain}`;
      yield `${local}${domain}`;
      yield ` ${address}`;
      yield `${address} `;
      yield `${address}\n`;
      yield `\n${address}`;
      yield `${address}\u200b`;
      yield `${address}😀`;
      yield `${address}\ud800`;
      yield `${local}＠${domain}`;
    }
  }
  for (let length = 250; length <= 258; length++) {
    const domain = 'example.com';
    yield `${'x'.repeat(length - domain.length - 1)}@${domain}`;
    yield `${'x'.repeat(length - domain.length - 2)}ü@${domain}`;
  }
  // Random strings over characters that matter to the rule.
  const random = randomFrom(7);
  const alphabet = [
    'a',
    'Z',
    '0',
    '.',
    '.',
    '-',
    '@',
    '@',
    '_',
    '+',
    "'",
    ' ',
    'ü',
    'ş',
    '١',
    '😀',
    '"',
    '\n',
  ];
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const length = 1 + random(24);
    for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
    yield text;
  }
  // Random addresses of the right shape, mostly valid or nearly so.
  const part = (characters: string, longest: number) => {
    let text = '';
    for (let j = random(longest + 1); j >= 0; j--) text += characters[random(characters.length)];
    return text;
  };
  for (let i = 0; i < 20_000; i++) {
    const labels = Array.from({ length: 1 + random(3) }, () => part('aZ09-ü', 8));
    yield `${part("aZ0.-_+'ü", 10)}@${labels.join('.')}`;
  }
}

describe('isEmail', () => {
  it('answers as the definition does for thousands of tricky strings', () => {
    let valid = 0;
    let validUnicode = 0;
    let checked = 0;
    for (const text of tricky()) {
      const expected = isEmailByPattern(text);
      if (isEmail(text) !== expected) expect(isEmail(text), JSON.stringify(text)).toBe(expected);
      if (expected) valid++;
      if (expected && /[^\x20-\x7e]/.test(text)) validUnicode++;
      checked++;
    }
    // Both answers were exercised, Unicode ones included.
    expect(valid).toBeGreaterThan(1500);
    expect(validUnicode).toBeGreaterThan(300);
    expect(checked - valid).toBeGreaterThan(30_000);
    expect(isEmail('ayşe@şirket.com.tr')).toBe(true);
  });
});

/** Every code point once (lone surrogates included), and in a few contexts that case mapping reads. */
function* caseSamples(): Generator<string> {
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) yield String.fromCharCode(code);
    else yield String.fromCodePoint(code);
  }
  for (const text of [
    'ΑΣ',
    'ΑΣΑ',
    'Σ',
    'ΑΣ.',
    'İstanbul',
    'ŁUKASZ@EXAMPLE.COM',
    'ana@example.com',
    'ß',
    'ǅ',
    'ΐ',
  ]) {
    yield text;
  }
}

/** The definition `lowercase` is tuned from: toLowerCase, with Turkish `İ` → `i` (see its doc). */
const lowercaseReference = (text: string) => text.replaceAll('\u0130', 'i').toLowerCase();

describe('lowercase', () => {
  it('equals its definition for every code point and in context', () => {
    for (const text of caseSamples()) {
      const expected = lowercaseReference(text);
      if (lowercase(text) !== expected) expect(lowercase(text), JSON.stringify(text)).toBe(expected);
      const inAscii = `ana.${text}@example.com`;
      if (lowercase(inAscii) !== lowercaseReference(inAscii))
        expect(lowercase(inAscii)).toBe(lowercaseReference(inAscii));
    }
  });

  it('lowercases a Turkish capital İ to a plain i, so İSTANBUL@x.com is an address', () => {
    expect(lowercase('İSTANBUL@X.COM')).toBe('istanbul@x.com');
    expect(lowercase('AYŞE.YILDIZ@ŞİRKET.COM.TR')).toBe('ayşe.yildiz@şirket.com.tr');
    expect(isEmail(lowercase('İSTANBUL@x.com'))).toBe(true);
    expect(lowercase('ısık')).toBe('ısık'); // the dotless ı is a lowercase letter already
  });

  it('changes nothing the second time, which lets an e-mail skip its own lowercasing', () => {
    for (const text of caseSamples()) {
      const once = lowercase(text);
      if (lowercase(once) !== once) expect(lowercase(once), JSON.stringify(text)).toBe(once);
    }
  });
});

const HEADER = ['Id', 'Mail', 'First', 'Last', 'Title', 'Dept', 'Manager', 'Site', 'Start', 'Status'];

const mapperFor = (fields: MappingsConfig['fields']) =>
  compileRowMapper({ mappings: { fields }, key: 'employee_id', header: HEADER, fileName: 'people.csv' });
const row = (line: number, cells: SourceRow['cells']): SourceRow => ({ line, cells });
const mapped = (result: MappedUser | Rejection[]): MappedUser => {
  if (Array.isArray(result)) throw new Error(`rejected: ${JSON.stringify(result)}`);
  return result;
};

describe('row mapper fast paths', () => {
  it('maps İSTANBUL@x.com to istanbul@x.com, with or without the lowercase transform', () => {
    for (const email of ['Mail', { from: 'Mail', transform: ['lowercase' as const] }]) {
      const mapper = mapperFor({ employee_id: 'Id', email });
      expect(mapped(mapper.map(row(2, ['1', 'İSTANBUL@x.com']))).fields.email).toBe('istanbul@x.com');
    }
  });

  it('lowercases an e-mail that a synonym or the default replaced after the lowercase transform', () => {
    const mapper = mapperFor({
      employee_id: 'Id',
      email: {
        from: 'Mail',
        transform: ['trim', 'lowercase'],
        map: { 'old@example.com': 'New.Person@Example.COM' },
        default: 'NoReply@Example.COM',
      },
    });
    expect(mapped(mapper.map(row(2, ['1', 'Old@Example.com']))).fields.email).toBe('new.person@example.com');
    expect(mapped(mapper.map(row(3, ['2', '']))).fields.email).toBe('noreply@example.com');
    expect(mapped(mapper.map(row(4, ['3', 'ANA@EXAMPLE.COM']))).fields.email).toBe('ana@example.com');
    const upper = mapperFor({
      employee_id: 'Id',
      email: { from: 'Mail', transform: ['lowercase', 'uppercase'] },
    });
    expect(mapped(upper.map(row(2, ['1', 'Ana@Example.com']))).fields.email).toBe('ana@example.com');
  });

  it('gives cached status synonyms the answers of the map, past the cache size too', () => {
    const map = { Active: 'active', 'On  Leave': 'active', Terminated: 'inactive' } as const;
    const mapper = mapperFor({
      employee_id: 'Id',
      email: 'Mail',
      status: { from: 'Status', map, default: 'active' },
    });
    const synonyms = new Map(
      Object.entries(map).map(([from, to]) => [from.replace(/\s+/g, ' ').toLowerCase(), to]),
    );
    const reference = (text: string) => synonyms.get(text.replace(/\s+/g, ' ').toLowerCase()) ?? text;
    const spellings = [
      'Active',
      'ACTIVE',
      'on leave',
      'On   Leave',
      'On\tLeave',
      'terminated',
      'active',
      'inactive',
    ];
    spellings.push('Retired', 'RETIRED', 'retired'); // unlisted: kept as written, whatever the case
    for (let i = 0; i < 200; i++) spellings.push(`Unknown ${i}`, i % 2 ? 'Active' : 'On Leave');
    for (const pass of [1, 2]) {
      spellings.forEach((spelling, i) => {
        const result = mapper.map(row(i, [String(i), 'a@example.com', '', '', '', '', '', '', '', spelling]));
        const expected = reference(spelling);
        if (expected === 'active' || expected === 'inactive') {
          expect(mapped(result).fields.status, `${spelling} (pass ${pass})`).toBe(expected);
        } else {
          expect(Array.isArray(result) && result[0]?.code, spelling).toBe('INVALID_STATUS');
          expect(Array.isArray(result) && result[0]?.message).toContain(
            `${JSON.stringify(expected)} is neither`,
          );
        }
      });
    }
  });

  it('writes every profile field in order, and nothing of a row into the next', () => {
    const mapper = mapperFor({
      employee_id: 'Id',
      email: 'Mail',
      first_name: 'First',
      last_name: 'Last',
      job_title: 'Title',
      department: 'Dept',
      manager_id: 'Manager',
      location: 'Site',
      hire_date: { from: 'Start', type: 'date', format: 'yyyy-MM-dd' },
      status: { from: 'Status', map: { Gone: 'inactive' } },
    });
    const full = mapped(
      mapper.map(row(2, ['1', 'a@example.com', 'A', 'B', 'T', 'D', 'M', 'S', '2021-03-05', 'Gone'])),
    );
    expect(full.fields).toEqual({
      employee_id: '1',
      email: 'a@example.com',
      first_name: 'A',
      last_name: 'B',
      job_title: 'T',
      department: 'D',
      manager_id: 'M',
      location: 'S',
      hire_date: '2021-03-05',
      status: 'inactive',
    });
    // row-mapper.ts builds the profile from slots by position: the order must stay PROFILE_FIELDS'.
    expect(Object.keys(full.fields)).toEqual([...PROFILE_FIELDS]);
    const rejected = mapper.map(row(3, ['', 'bad', 'A', 'B', 'T', 'D', 'M', 'S', 'x', 'Nope']));
    expect(rejected).toEqual([
      expect.objectContaining({ line: 3, key: null, field: 'employee_id', code: 'MISSING_REQUIRED' }),
      expect.objectContaining({ line: 3, key: null, field: 'email', code: 'INVALID_EMAIL' }),
      expect.objectContaining({ line: 3, key: null, field: 'hire_date', code: 'INVALID_DATE' }),
      expect.objectContaining({ line: 3, key: null, field: 'status', code: 'INVALID_STATUS' }),
    ]);
    const emailOnly = mapper.map(row(4, ['7', 'bad', '', '', '', '', '', '', '', '']));
    expect(emailOnly).toEqual([expect.objectContaining({ key: '7', field: 'email' })]);
    const sparse = mapped(mapper.map(row(5, ['2', 'b@example.com', '', '', '', '', '', '', '', ''])));
    expect(sparse.fields).toEqual({
      employee_id: '2',
      email: 'b@example.com',
      first_name: null,
      last_name: null,
      job_title: null,
      department: null,
      manager_id: null,
      location: null,
      hire_date: null,
      status: 'active',
    });
    expect(sparse.fields).not.toBe(full.fields);
  });
});
