/** Small HR files for end-to-end tests, written as a customer's export would be. */

export interface Person {
  readonly id: string;
  readonly first: string;
  readonly last: string;
  readonly email: string;
  readonly title: string;
  readonly status?: string;
  readonly hired?: string;
}

export const HEADER = [
  'Employee ID',
  'First Name',
  'Last Name',
  'Work Email',
  'Job Title',
  'Hire Date',
  'Status',
];

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvOf(people: readonly Person[]): string {
  const lines = [HEADER.join(',')];
  for (const p of people)
    lines.push(
      [p.id, p.first, p.last, p.email, p.title, p.hired ?? '03/15/2021', p.status ?? 'Active']
        .map(quote)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

export const TEAM: readonly Person[] = [
  { id: '00101', first: 'Ana', last: 'Silva', email: 'ana.silva@example.com', title: 'Engineer' },
  { id: '00102', first: 'Ben', last: 'Okoro', email: 'ben.okoro@example.com', title: 'Designer' },
  { id: '00103', first: 'Chen', last: 'Wei', email: 'chen.wei@example.com', title: 'Analyst, Finance' },
  { id: '00104', first: 'Dana', last: 'Ruiz', email: 'dana.ruiz@example.com', title: 'Manager' },
  { id: '00105', first: 'Emil', last: 'Berg', email: 'emil.berg@example.com', title: 'Recruiter' },
  { id: '00106', first: 'Fay', last: 'Lund', email: 'fay.lund@example.com', title: 'Support' },
  { id: '00107', first: 'Gus', last: 'Moreau', email: 'gus.moreau@example.com', title: 'Sales' },
  { id: '00108', first: 'Hana', last: 'Sato', email: 'hana.sato@example.com', title: 'Legal' },
  { id: '00109', first: 'Ivo', last: 'Novak', email: 'ivo.novak@example.com', title: 'Ops' },
  { id: '00110', first: 'Jude', last: 'Kim', email: 'jude.kim@example.com', title: 'Marketing' },
];

/** `count` people with ids 1..count, for files large enough to interrupt. */
export function manyPeople(count: number, offset = 0): Person[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1 + offset;
    return {
      id: String(n).padStart(7, '0'),
      first: `First${n}`,
      last: `Last${n}`,
      email: `person${n}@example.com`,
      title: `Title ${n % 97}`,
    };
  });
}
