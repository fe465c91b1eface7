/**
 * The people of a synthetic HR export, one deterministic function of (seed, row index): names with
 * accents, e-mail addresses (some in mixed case, as HR systems export them), ids with leading zeros,
 * managers, locations (about 45% with a comma, so quoted in CSV) and hire dates. The changed version
 * of the same export alters about 1% of the people (title, department, location, surname, or a
 * termination) and leaves about 0.5% out, as next week's file from the same customer would.
 */
import { mixSeed, mulberry32, pick, type Random } from './prng.ts';

export type EmploymentStatus = 'Active' | 'On Leave' | 'Terminated';

export interface Person {
  /** Seven digits with leading zeros, e.g. `0004821`. */
  readonly employeeId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly title: string;
  readonly department: string;
  /** Empty for the people at the top. */
  readonly managerId: string;
  readonly location: string;
  readonly hireDate: { readonly year: number; readonly month: number; readonly day: number };
  readonly status: EmploymentStatus;
}

/** What happened to a person between the first and the changed version. */
export type PersonChange =
  | 'unchanged'
  | 'removed'
  | 'title'
  | 'department'
  | 'location'
  | 'surname'
  | 'terminated';

export const REMOVED_SHARE = 0.005;
export const CHANGED_SHARE = 0.01;

const FIRST_NAMES: readonly (readonly [string, string])[] = [
  ['José', 'jose'],
  ['Zoë', 'zoe'],
  ['Ayşe', 'ayse'],
  ['Émilie', 'emilie'],
  ['Søren', 'soren'],
  ['Łukasz', 'lukasz'],
  ['Mehmet', 'mehmet'],
  ['Anna', 'anna'],
  ['Oliver', 'oliver'],
  ['Li', 'li'],
  ['François', 'francois'],
  ['Renée', 'renee'],
  ['Jürgen', 'jurgen'],
  ['Inés', 'ines'],
  ['Björn', 'bjorn'],
  ['Fatma', 'fatma'],
  ['Siobhán', 'siobhan'],
  ['Nuño', 'nuno'],
  ['Chloé', 'chloe'],
  ['Priya', 'priya'],
  ['Ólafur', 'olafur'],
  ['Marta', 'marta'],
  ['Tomás', 'tomas'],
  ['Hélène', 'helene'],
  ['Kenji', 'kenji'],
  ['Amélie', 'amelie'],
  ['Çağla', 'cagla'],
  ['Dmitri', 'dmitri'],
  ['Agnieszka', 'agnieszka'],
  ['Raúl', 'raul'],
  ['Grace', 'grace'],
  ['Mohammed', 'mohammed'],
  ['Léa', 'lea'],
  ['Ewa', 'ewa'],
  ['Joaquín', 'joaquin'],
  ['Sarah', 'sarah'],
  ['Mikael', 'mikael'],
  ['Noémie', 'noemie'],
  ['David', 'david'],
  ['Ingrid', 'ingrid'],
];

const LAST_NAMES: readonly (readonly [string, string])[] = [
  ['García', 'garcia'],
  ['Müller', 'muller'],
  ['Yılmaz', 'yilmaz'],
  ["O'Brien", 'obrien'],
  ['Østergaard', 'ostergaard'],
  ['Nowak', 'nowak'],
  ['Smith', 'smith'],
  ['Núñez', 'nunez'],
  ['Kaya', 'kaya'],
  ['Dubois', 'dubois'],
  ['Schäfer', 'schafer'],
  ['Wang', 'wang'],
  ['Lefèvre', 'lefevre'],
  ['Demir', 'demir'],
  ['Johansson', 'johansson'],
  ['Brown', 'brown'],
  ['Gonçalves', 'goncalves'],
  ['Kowalczyk', 'kowalczyk'],
  ['Fernández', 'fernandez'],
  ['Nguyễn', 'nguyen'],
  ['Żukowski', 'zukowski'],
  ['Svensson', 'svensson'],
  ['Rossi', 'rossi'],
  ['Şahin', 'sahin'],
  ['Jensen', 'jensen'],
  ['Martínez', 'martinez'],
  ['Öztürk', 'ozturk'],
  ['Walsh', 'walsh'],
  ['Beaumont', 'beaumont'],
  ['Tanaka', 'tanaka'],
  ['Hernández-López', 'hernandez-lopez'],
  ['van der Berg', 'vanderberg'],
  ['Ahmed', 'ahmed'],
  ['Novák', 'novak'],
  ['Wójcik', 'wojcik'],
  ['Koch', 'koch'],
  ['Petrović', 'petrovic'],
  ['Mäkinen', 'makinen'],
  ['Silva', 'silva'],
  ['Fischer', 'fischer'],
];

const SURNAMES = LAST_NAMES.map(([name]) => name);

const TITLES = [
  'Software Engineer',
  'Senior Software Engineer',
  'Staff Engineer',
  'Engineering Manager',
  'Product Manager',
  'Account Executive',
  'Sales Development Representative',
  'Customer Success Manager',
  'Support Specialist',
  'Financial Analyst',
  'Accountant',
  'HR Business Partner',
  'Recruiter',
  'Data Analyst',
  'Designer',
  'Marketing Manager',
  'Office Manager',
  'Legal Counsel',
  'Operations Associate',
  'Director',
] as const;

const DEPARTMENTS = [
  'Platform Engineering',
  'Product',
  'Sales',
  'Customer Success',
  'Support',
  'Finance',
  'People',
  'Marketing',
  'Legal',
  'Operations',
  'Data',
  'Design',
  'IT',
  'Security',
] as const;

/** Written with a comma, so quoted in CSV: picked for about 45% of the people. */
const LOCATIONS_WITH_COMMA = [
  'Austin, TX',
  'New York, NY',
  'San Francisco, CA',
  'Paris, France',
  'São Paulo, Brazil',
  'Kraków, Poland',
  'München, Germany',
  'Toronto, ON',
  'İzmir, Türkiye',
  'Dublin, Ireland',
] as const;
const LOCATIONS_PLAIN = [
  'Remote',
  'London',
  'Berlin',
  'Istanbul',
  'Amsterdam',
  'Madrid',
  'Stockholm',
  'Tokyo',
] as const;
const QUOTED_LOCATION_SHARE = 0.45;

const PERSON_STREAM = 0x5eed_0001;
const CHANGE_STREAM = 0x5eed_0002;

/** The person on row `index` (0-based) of the first version. */
export function personAt(seed: number, index: number): Person {
  const random = mulberry32(mixSeed(seed ^ PERSON_STREAM, index));
  const [firstName, firstAscii] = pick(random, FIRST_NAMES);
  const [lastName, lastAscii] = pick(random, LAST_NAMES);
  const employeeId = idOf(index);
  const local = `${firstAscii}.${lastAscii.replaceAll(' ', '')}${index + 1}`;
  // HR systems export addresses as people typed them: some capitalised, a few with stray spaces.
  const style = random();
  const email =
    style < 0.1
      ? `${capitalise(local)}@Example-Corp.com`
      : style < 0.12
        ? ` ${local}@example-corp.com`
        : `${local}@example-corp.com`;
  const statusRoll = random();
  return {
    employeeId,
    firstName,
    lastName,
    email,
    title: pick(random, TITLES),
    department: pick(random, DEPARTMENTS),
    managerId: index < 5 ? '' : idOf(Math.floor(random() * Math.min(index, 1 + index / 8))),
    location: randomLocation(random),
    hireDate: {
      year: 1995 + Math.floor(random() * 30),
      month: 1 + Math.floor(random() * 12),
      day: 1 + Math.floor(random() * 28),
    },
    status: statusRoll < 0.95 ? 'Active' : statusRoll < 0.98 ? 'On Leave' : 'Terminated',
  };
}

/** What the changed version does to row `index`. */
export function changeAt(seed: number, index: number): PersonChange {
  const random = mulberry32(mixSeed(seed ^ CHANGE_STREAM, index));
  const roll = random();
  if (roll < REMOVED_SHARE) return 'removed';
  if (roll >= REMOVED_SHARE + CHANGED_SHARE) return 'unchanged';
  const kind = random();
  if (kind < 0.35) return 'title';
  if (kind < 0.6) return 'department';
  if (kind < 0.8) return 'location';
  if (kind < 0.9) return 'surname';
  return 'terminated';
}

/** The person on row `index` in the changed version, or undefined when they left the file. */
export function changedPersonAt(seed: number, index: number): Person | undefined {
  const person = personAt(seed, index);
  const change = changeAt(seed, index);
  const random = mulberry32(mixSeed(seed ^ CHANGE_STREAM, ~index));
  switch (change) {
    case 'unchanged':
      return person;
    case 'removed':
      return undefined;
    case 'title':
      return { ...person, title: other(random, TITLES, person.title) };
    case 'department':
      return { ...person, department: other(random, DEPARTMENTS, person.department) };
    case 'location':
      return {
        ...person,
        location: other(random, [...LOCATIONS_WITH_COMMA, ...LOCATIONS_PLAIN], person.location),
      };
    case 'surname':
      return { ...person, lastName: other(random, SURNAMES, person.lastName) };
    case 'terminated':
      return { ...person, status: 'Terminated' };
  }
}

/** The people of one version, in file order. */
export function* peopleOf(version: 'first' | 'changed', seed: number, rows: number): Generator<Person> {
  for (let index = 0; index < rows; index++) {
    const person = version === 'first' ? personAt(seed, index) : changedPersonAt(seed, index);
    if (person !== undefined) yield person;
  }
}

function idOf(index: number): string {
  return String(index + 1).padStart(7, '0');
}

function capitalise(local: string): string {
  return local.replace(
    /(^|[.-])([a-z])/g,
    (_, separator: string, letter: string) => separator + letter.toUpperCase(),
  );
}

function randomLocation(random: Random): string {
  return random() < QUOTED_LOCATION_SHARE
    ? pick(random, LOCATIONS_WITH_COMMA)
    : pick(random, LOCATIONS_PLAIN);
}

/** A value of `values` other than `current` (a surname change must change the surname). */
function other<T>(random: Random, values: readonly T[], current: T | undefined): T {
  for (;;) {
    const value = pick(random, values);
    if (value !== current) return value;
  }
}
