/**
 * Renders the config reference (docs/config-reference.md) from the JSON Schemas: one section per
 * object, one table row per key, with its type, default, description and an example.
 */
import type { JSONSchema } from 'json-schema-to-typescript';

type Node = Record<string, unknown>;

interface Section {
  readonly title: string;
  readonly anchor: string;
  readonly node: Node;
}

const FILE_TITLES: Record<string, string> = {
  'tenant.schema.json': 'tenant.yaml',
  'mappings.schema.json': 'mappings.yaml',
  'mapping-test.schema.json': 'tests/*.yaml',
};

function resolve(root: Node, node: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((at, part) => (at as Node | undefined)?.[part], root) as Node;
  // Keys next to a $ref (description, examples) override the target's.
  const { $ref: _ignored, ...local } = node;
  return { ...resolve(root, target), ...local };
}

const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function describeType(root: Node, raw: Node, sections: Section[], anchor: string, title: string): string {
  const node = resolve(root, raw);
  if ('const' in node) return code(node.const);
  if (Array.isArray(node.enum)) return node.enum.map(code).join(' \\| ');
  const variants = (node.oneOf ?? node.anyOf) as Node[] | undefined;
  if (variants && !variants.every((branch) => Object.keys(branch).join() === 'required')) {
    return variants
      .map((branch) => {
        const name = resolve(root, branch).title;
        return typeof name === 'string'
          ? describeType(root, branch, sections, `${anchor}-${name.toLowerCase()}`, `${title} (${name})`)
          : describeType(root, branch, sections, anchor, title);
      })
      .join(' or ');
  }
  if (node.type === 'array') {
    return `list of ${describeType(root, (node.items ?? {}) as Node, sections, anchor, title)}`;
  }
  if (node.type === 'object' || node.properties) {
    if (node.properties) {
      sections.push({ title, anchor, node });
      return `[object](#${anchor})`;
    }
    const values = node.additionalProperties;
    if (values && typeof values === 'object') {
      return `map of name → ${describeType(root, values as Node, sections, anchor, title)}`;
    }
    return 'object';
  }
  if (typeof node.type === 'string') {
    return node.type === 'string' && typeof node.pattern === 'string'
      ? 'string (see description)'
      : node.type;
  }
  return 'any';
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

function renderSection(root: Node, section: Section, pending: Section[]): string {
  const node = section.node;
  const required = new Set((node.required as string[] | undefined) ?? []);
  const lines = [`### \`${section.title}\` {#${section.anchor}}`, ''];
  if (typeof node.description === 'string') lines.push(oneLine(node.description), '');
  lines.push(
    '| key | type | required | default | description | example |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const [key, raw] of Object.entries(node.properties as Record<string, Node>)) {
    const property = resolve(root, raw);
    const childAnchor = `${section.anchor}-${key}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const type = describeType(root, raw, pending, childAnchor, `${section.title}.${key}`);
    const example = Array.isArray(property.examples) ? code(property.examples[0]) : '';
    const fallback = 'default' in property ? code(property.default) : '';
    lines.push(
      `| \`${key}\` | ${type} | ${required.has(key) ? 'yes' : ''} | ${fallback} | ${oneLine(
        String(property.description ?? ''),
      )} | ${oneLine(example)} |`,
    );
  }
  return lines.join('\n');
}

/** The whole reference document for the given schemas, in order. */
export function renderReference(schemas: ReadonlyArray<{ file: string; schema: JSONSchema }>): string {
  const parts = [
    '<!-- Generated from packages/config/schema/*.schema.json by `pnpm gen`. Do not edit: change the schema. -->',
    '',
    '# Tenant config reference',
    '',
    'A tenant is a folder under `tenants/` named by its id. Secrets are written as `${env:NAME}` or',
    '`${file:/path}` references and resolved only when a run needs them.',
  ];
  for (const { file, schema } of schemas) {
    const root = schema as Node;
    const title = FILE_TITLES[file] ?? file;
    parts.push('', `## ${title}`, '', oneLine(String(root.description ?? '')));
    const pending: Section[] = [{ title, anchor: title.replace(/[^a-z]+/g, '-'), node: root }];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const section = pending.shift() as Section;
      if (seen.has(section.anchor)) continue;
      seen.add(section.anchor);
      parts.push('', renderSection(root, section, pending));
    }
  }
  return `${parts.join('\n')}\n`;
}
