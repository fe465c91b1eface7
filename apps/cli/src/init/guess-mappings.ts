/**
 * `roster init`: guessing a tenant's mappings from a sample's header and values with a synonym
 * table of what HR exports call each profile field. A starting point that passes `validate`; the
 * integration engineer reviews it.
 */
import { normalizeColumnName } from '@roster/config';
import type { ProfileField } from '@roster/engine';

/**
 * What HR systems (Workday, BambooHR, SAP, Personio, ADP, Excel) call each field, in English, German,
 * French and Spanish; first match wins, so a specific name comes before a vague one (`Manager ID`
 * before `Manager`). Compared as {@link guessKey} does: case, spaces, hyphens, underscores, dots and
 * accents aside (`E-Mail-Adresse` = `e-mail adresse`, `Numéro` = `Numero`).
 */
const SYNONYMS: Record<ProfileField, readonly string[]> = {
  employee_id: [
    'Employee ID',
    'Employee Number',
    'Employee No',
    'Emp ID',
    'Empl ID',
    'Emp No',
    'Emp #',
    'Employee #',
    'EE ID',
    'EEID',
    'Employee Code',
    'Staff Number',
    'Worker ID',
    'Staff ID',
    'Person ID',
    'Personnel Number',
    'Personalnummer',
    'Personalnr',
    'Pers.-Nr.',
    'Mitarbeiternummer',
    'Mitarbeiter-Nr.',
    'Mitarbeiter-ID',
    'Matricule',
    "Numéro d'employé",
    "Numéro d'employe",
    'Numéro de salarié',
    'ID employé',
    'ID salarié',
    'Número de empleado',
    'Nº de empleado',
    'ID de empleado',
    'ID empleado',
    'Legajo',
    'EmployeeNumber',
    'Associate ID',
    'File Number',
    'Badge ID',
    'ID',
  ],
  email: [
    'Work Email',
    'Work E-mail',
    'Email',
    'E-mail',
    'Email Address',
    'E-mail Address',
    'Business Email',
    'Company Email',
    'Primary Email',
    'E-Mail Adresse',
    'E-Mail-Adresse',
    'Geschäftliche E-Mail',
    'E-Mail geschäftlich',
    'Dienstliche E-Mail',
    'Adresse e-mail',
    'Adresse électronique',
    'Adresse mail',
    'Courriel',
    'Mail professionnel',
    'Email professionnel',
    'Correo electrónico',
    'Correo',
    'Correo corporativo',
    'Email corporativo',
    'Mail',
    'workEmail',
    'Work Contact: Work Email',
  ],
  first_name: [
    'First Name',
    'Legal First Name',
    'Preferred First Name',
    'Given Name',
    'Firstname',
    'Forename',
    'Vorname',
    'Prénom',
    'Nombre',
    'Nombres',
    'First',
  ],
  last_name: [
    'Last Name',
    'Legal Last Name',
    'Surname',
    'Family Name',
    'Lastname',
    'Nachname',
    'Familienname',
    'Nom de famille',
    'Nom',
    'Apellidos',
    'Apellido',
    'Primer apellido',
    'Last',
  ],
  job_title: [
    'Job Title',
    'Job Title Description',
    'Business Title',
    'Title',
    'Position',
    'Position Title',
    'Role',
    'Job',
    'Stellenbezeichnung',
    'Berufsbezeichnung',
    'Jobtitel',
    'Funktion',
    'Intitulé du poste',
    'Poste',
    'Fonction',
    'Puesto',
    'Cargo',
  ],
  department: [
    'Department',
    'Dept',
    'Department Name',
    'Home Department Description',
    'Home Department',
    'Supervisory Organization',
    'Team',
    'Organization',
    'Org Unit',
    'Abteilung',
    'Organisationseinheit',
    'Département',
    'Departamento',
  ],
  manager_id: [
    'Manager ID',
    'Manager Employee ID',
    'Supervisor ID',
    'Reports To ID',
    'Reports To Associate ID',
    'Reports To Employee ID',
    'Manager Employee Number',
    'Supervisor Employee Number',
    // UK exports: the line manager, by number.
    'Line Manager ID',
    'Line Manager No',
    'Line Manager Number',
    'Line Manager Emp No',
    'Manager No',
    'Manager Number',
    'Manager Emp No',
    'supervisor.employeeNumber',
    'Vorgesetzter ID',
    'Personalnummer Vorgesetzter',
    'Matricule du manager',
    'ID du responsable',
    'ID del responsable',
    'ID del jefe',
    'Manager',
    'Supervisor',
    'Reports To',
    'Line Manager',
    'Vorgesetzter',
    'Führungskraft',
    'Responsable',
    'Jefe',
  ],
  location: [
    'Location',
    'Location Description',
    'Work Location',
    'Office',
    'Office Name',
    'Office Location',
    'Site',
    'Work Site',
    'City',
    'Standort',
    'Arbeitsort',
    'Dienstort',
    'Lieu de travail',
    'Ville',
    'Ubicación',
    'Sede',
    'Oficina',
  ],
  hire_date: [
    'Hire Date',
    'Start Date',
    'Date of Hire',
    'Original Hire Date',
    'Hired On',
    'Hired',
    'Hire Dt',
    'Start Dt',
    'Date of Joining',
    'DOJ',
    'Joining Date',
    'Date Joined',
    'Employment Start Date',
    'Eintrittsdatum',
    'Einstellungsdatum',
    'Eintritt',
    "Date d'embauche",
    "Date d'entrée",
    'Fecha de alta',
    'Fecha de ingreso',
    'Fecha de contratación',
  ],
  status: [
    'Status',
    'Employment Status',
    'Worker Status',
    'Employee Status',
    'Position Status',
    'Active Status',
    'State',
    'Beschäftigungsstatus',
    'Mitarbeiterstatus',
    'Statut',
    'Estado',
  ],
};

/**
 * How a header cell and a synonym are compared for guessing: the config's column-name rule, plus
 * accents and dots, which exports drop or add at will. Only for the guess: the mapping written is
 * the header's own spelling, which the config's matching then finds.
 */
export function guessKey(name: string): string {
  return normalizeColumnName(name).normalize('NFKD').replace(/\p{M}/gu, '').replace(/[.'’]/g, '');
}

export interface GuessedMapping {
  readonly key: 'employee_id' | 'email';
  readonly fields: Partial<Record<ProfileField, string>>;
  /** One pattern, or a list for a column of mixed formats (guessDateFormat). */
  readonly dateFormat?: string | string[];
  /**
   * Every sample date reads both ways (`01/02/2020`): the format is the US order's guess, and a
   * customer in Europe writes the day first.
   */
  readonly dateFormatAmbiguous?: boolean;
  readonly statusMap?: Record<string, 'active' | 'inactive'>;
  /** Status values the guess could not place: to be reviewed. */
  readonly unknownStatuses: readonly string[];
  /** Attribute name → column, for the columns no field took. */
  readonly attributes: Record<string, string>;
}

/** The date shapes of HR exports, each with the pattern that reads it (`d` and `M` read one digit or two). */
const DATE_SHAPES: readonly { readonly shape: RegExp; readonly pattern: (value: string) => string }[] = [
  { shape: /^\d{4}-\d{2}-\d{2}$/, pattern: () => 'yyyy-MM-dd' },
  { shape: /^\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})$/, pattern: (value) => `d.M.${yearOf(value)}` },
  // Day or month first: decided for the column as a whole (slashOrder).
  { shape: /^\d{1,2}\/\d{1,2}\/(\d{4}|\d{2})$/, pattern: (value) => `?/?/${yearOf(value)}` },
  { shape: /^\d{1,2}-[A-Za-z]{3}-(\d{4}|\d{2})$/, pattern: (value) => `d-MMM-${yearOf(value)}` },
  // A whole serial day number, as a CSV saved from Excel writes an unformatted date cell.
  { shape: /^[1-9]\d{4}$/, pattern: () => 'excel-serial' },
];

const yearOf = (value: string) => (/\d{4}$/.test(value) ? 'yyyy' : 'yy');

/**
 * The date pattern the sample values fit, most specific first, if any is needed: one pattern, or a
 * list when the column mixes formats (`31.12.2019` beside `2022-02-01`, as exports merged from two
 * systems do), most frequent first, as the config reads a list: in order. Undefined when the values
 * are ISO dates or serial numbers only (the default reads both) or fit no known shape. Years of four
 * digits or, as in Excel's short dates (`1/2/20`, `31.12.19`), of two: the config's `yy` reads them
 * in a window ending next year (in 2026, 00–27 are 2000–2027 and 28–99 are 1928–1999). Values that
 * fit no shape are left to the sample check, which shows them as rejected.
 *
 * @example guessDateFormat(['1/2/20', '12/31/19']) // 'M/d/yy'
 * @example guessDateFormat(['31.12.2019', '1.4.2020', '2022-02-01']) // ['d.M.yyyy', 'yyyy-MM-dd']
 */
export function guessDateFormat(values: readonly string[]): string | string[] | undefined {
  const samples = values.map((value) => value.trim()).filter(Boolean);
  const counts = new Map<string, number>();
  for (const value of samples) {
    const pattern = DATE_SHAPES.find(({ shape }) => shape.test(value))?.pattern(value);
    if (pattern !== undefined) counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  const order = slashOrder(samples.filter((value) => value.includes('/')));
  const patterns = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([pattern]) => pattern.replace('?/?/', order));
  if (patterns.every((pattern) => pattern === 'yyyy-MM-dd' || pattern === 'excel-serial')) return undefined;
  return patterns.length === 1 ? patterns[0] : patterns;
}

/** `d/M/` when a sample's first number is over 12 and none's second is; else the commoner US `M/d/`. */
function slashOrder(samples: readonly string[]): string {
  const firstOver12 = samples.some((value) => Number(value.split('/')[0]) > 12);
  const secondOver12 = samples.some((value) => Number(value.split('/')[1]) > 12);
  return firstOver12 && !secondOver12 ? 'd/M/' : 'M/d/';
}

/** Names of a column that says yes or no to "is this person active?". */
const ACTIVE_FLAG_NAMES = new Set(
  [
    'Active',
    'Is Active',
    'IsActive',
    'Active Flag',
    'Active Employee',
    'Enabled',
    'Aktiv',
    'Ist Aktiv',
    'Actif',
    'Activo',
    'Activa',
  ].map(guessKey),
);
const YES = /^(y|yes|true|1|j|ja|oui|o|si|sí|x|wahr|vrai)$/i;
const NO = /^(n|no|false|0|nein|non|falsch|faux)$/i;

/** A column's distinct sample values, trimmed, without empty ones. */
const distinctValues = (values: readonly string[]) =>
  new Set(values.map((value) => value.trim()).filter(Boolean));

/** The column of an active flag: its sample values are all yes or no (yes is active, no inactive). */
function activeFlagColumn(
  header: readonly string[],
  taken: ReadonlySet<string>,
  valuesOf: (column: string) => readonly string[],
): string | undefined {
  return header.find((column) => {
    if (taken.has(column) || !aliasesOf(column).some((alias) => ACTIVE_FLAG_NAMES.has(alias))) return false;
    const values = [...distinctValues(valuesOf(column))];
    return values.length > 0 && values.every((value) => YES.test(value) || NO.test(value));
  });
}

/**
 * Status words of HR exports, English and the languages of the customers seen so far (German, French,
 * Spanish, Portuguese, Italian, Dutch, Russian). A word not here is listed for the engineer to place.
 */
const ACTIVE =
  /^(active|aktiv|actif|activo|activa|ativo|ativa|attivo|attiva|actief|активен|активна|активный|работает|employed|current|on leave|leave|leave of absence|maternity leave|paternity leave|parental leave|sick leave|long term sick|long-term sick|sabbatical|secondment|seconded|elternzeit|mutterschutz|paid leave|beschäftigt|in dienst|en poste|en activo|em atividade|in servizio)$/iu;
const INACTIVE =
  /^(inactive|inaktiv|inactif|inactivo|inactiva|inativo|inativa|inattivo|inattiva|inactief|неактивен|неактивна|неактивный|уволен|уволена|terminated|termed|left|leaver|left company|exited|dismissed|former|resigned|retired|ausgeschieden|ausgetreten|gekündigt|ehemalig|withdrawn|deceased|separated|sorti|sortie|parti|baja|dado de baja|desligado|desligada|cessato|cessata|uit dienst)$/iu;

type Status = 'active' | 'inactive';

/**
 * PeopleSoft's one-letter employee status codes (EMPL_STATUS; I is HR_STATUS's inactive), which its
 * exports write as they are: A active, L and P on leave; D deceased, Q and R retired, T, U and V
 * terminated, X retired. S (suspended) is left to the engineer.
 */
const LETTER_CODES: Readonly<Record<string, Status>> = {
  A: 'active',
  L: 'active',
  P: 'active',
  D: 'inactive',
  I: 'inactive',
  Q: 'inactive',
  R: 'inactive',
  T: 'inactive',
  U: 'inactive',
  V: 'inactive',
  X: 'inactive',
};

/** Reads a value as `active` or `inactive` by `yes` and `no`, or undefined when neither matches. */
const byWords =
  (yes: RegExp, no: RegExp) =>
  (value: string): Status | undefined =>
    yes.test(value) ? 'active' : no.test(value) ? 'inactive' : undefined;

/**
 * How a status column's values are placed: an active flag's as yes or no (activeFlagColumn found them
 * all so); a column of single letters, `A` among them, as {@link LETTER_CODES}, and only such a column;
 * any other as the status words.
 */
function statusReader(values: readonly string[], isFlag: boolean): (value: string) => Status | undefined {
  if (isFlag) return byWords(YES, NO);
  const letterCodes =
    values.every((value) => /^[a-z]$/i.test(value)) && values.some((value) => value.toUpperCase() === 'A');
  if (letterCodes) return (value) => LETTER_CODES[value.toUpperCase()];
  return byWords(ACTIVE, INACTIVE);
}

/** Longest attribute name mappings.schema.json allows (`^[a-z][a-z0-9_]{0,62}$`). */
const MAX_ATTRIBUTE_NAME = 63;

/**
 * An attribute name for a column: its words in ASCII lower_snake_case, as mappings.schema.json
 * requires (`Cost Center` → `cost_center`, `Numéro` → `numero`). A name in another script
 * (`Фамилия`, `部署`) or of symbols only (`#`) has no such words: it is named by its position in the
 * header, `col_3`, which the mapping's `from` then explains; before, all such columns were `col_` and
 * only the first was kept.
 */
function attributeName(column: string, position: number): string {
  const name = column
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  // Digits alone name a column only when they are all it has (`2024`), not what is left of `Отдел 2`.
  if (name === '' || (!/[a-z]/.test(name) && /\p{L}/u.test(column))) return `col_${position}`;
  return /^[a-z]/.test(name) ? name.slice(0, MAX_ATTRIBUTE_NAME) : `col_${name}`.slice(0, MAX_ATTRIBUTE_NAME);
}

/** `name`, or `name_2`, `name_3`… when `taken` has it: two columns may give one name (`Cost Center`, `Cost-Center`). */
function unusedName(name: string, taken: ReadonlySet<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) {
    const suffix = `_${n}`;
    candidate = `${name.slice(0, MAX_ATTRIBUTE_NAME - suffix.length)}${suffix}`;
  }
  return candidate;
}

/**
 * Objects in a JSON export that hold a person's own details: `contact.email` is the person's e-mail,
 * while `manager.email` is not.
 */
const OWN_DETAILS = new Set(
  [
    'name',
    'names',
    'contact',
    'contacts',
    'work',
    'employment',
    'job',
    'position',
    'personal',
    'person',
    'employee',
    'profile',
    'info',
    'details',
  ].map(guessKey),
);

/**
 * Keys that wrap a value rather than name it: an HR system's `{ "label": "Email", "value": "…" }`
 * (Personio), JSON:API's `attributes`, a `fields` or `data` object. A nested key is read without them:
 * `attributes.supervisor.value.attributes.id.value` is the supervisor's id.
 */
const WRAPPERS = new Set(['value', 'values', 'attributes', 'fields', 'data'].map(guessKey));

/**
 * The names a column is also known by for guessing: a JSON export's nested key (`name.first`) reads
 * as its last two parts either way round (`first name`), and as its last part alone inside an
 * object of the person's own details (`contact.email` → `email`) or inside wrappers only
 * (`attributes.email.value` → `email`).
 */
function aliasesOf(column: string): string[] {
  const aliases = [guessKey(column)];
  const parts = column.split('.').filter((part) => part && !WRAPPERS.has(guessKey(part)));
  if (parts.length === 1 && column.includes('.')) aliases.push(guessKey(parts[0] as string));
  if (parts.length >= 2) {
    const [parent = '', last = ''] = parts.slice(-2);
    aliases.push(guessKey(`${parent} ${last}`), guessKey(`${last} ${parent}`));
    if (OWN_DETAILS.has(guessKey(parent))) aliases.push(guessKey(last));
  }
  return aliases;
}

/** Whether a sample column's values are people's names (`Jane Doe`, `Doe, Jane`), not ids. */
function holdsNames(values: readonly string[]): boolean {
  const filled = values.map((value) => value.trim()).filter(Boolean);
  if (filled.length === 0) return false;
  const names = filled.filter((value) => /^\p{L}[\p{L}'.-]*(?:,?\s+\p{L}[\p{L}'.-]*)+$/u.test(value));
  return names.length * 2 > filled.length;
}

export function guessMappings(
  header: readonly string[],
  valuesOf: (column: string) => readonly string[],
): GuessedMapping {
  // The first of two columns with one name wins, as the header reads; a column's own name before
  // another's alias.
  const byName = new Map<string, string>();
  const aliases = header.map(aliasesOf);
  for (let depth = 0; depth < 4; depth++) {
    header.forEach((column, index) => {
      const alias = aliases[index]?.[depth];
      if (alias !== undefined && !byName.has(alias)) byName.set(alias, column);
    });
  }
  const taken = new Set<string>();
  const fields: Partial<Record<ProfileField, string>> = {};
  for (const [field, names] of Object.entries(SYNONYMS) as Array<[ProfileField, readonly string[]]>) {
    for (const name of names) {
      const column = byName.get(guessKey(name));
      if (column !== undefined && !taken.has(column)) {
        fields[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  // `Manager`, `Supervisor`, `Reports To` hold a manager's id in some exports and a name in others:
  // names are no manager_id (the run would store "Jane Doe" as one), so such a column stays an attribute.
  const manager = fields.manager_id;
  if (manager !== undefined && holdsNames(valuesOf(manager))) {
    delete fields.manager_id;
    taken.delete(manager);
  }
  // No status column, but a yes/no flag (`Active: Y`, JSON `isActive: false`): left as an attribute,
  // every leaver it marks would be created and kept active (a fresh-clone sweep).
  const flag = fields.status === undefined ? activeFlagColumn(header, taken, valuesOf) : undefined;
  if (flag !== undefined) {
    fields.status = flag;
    taken.add(flag);
  }
  // A wrapped value's `label` says what the value is, the same text in every record: no attribute.
  const labelled = (column: string) =>
    column.endsWith('.label') &&
    header.some((other) => other.startsWith(`${column.slice(0, -'label'.length)}value`));
  const unused = header.filter((column) => !taken.has(column) && !labelled(column));
  let dateFormat: string | string[] | undefined;
  let dateFormatAmbiguous = false;
  if (fields.hire_date) {
    const dates = valuesOf(fields.hire_date);
    dateFormat = guessDateFormat(dates);
    dateFormatAmbiguous =
      [dateFormat].flat().some((pattern) => pattern?.startsWith('M/d/')) &&
      !dates.some((value) => Number(value.trim().split('/')[1]) > 12);
  }
  let statusMap: Record<string, 'active' | 'inactive'> | undefined;
  const unknownStatuses: string[] = [];
  if (fields.status) {
    statusMap = {};
    const values = [...distinctValues(valuesOf(fields.status))];
    const place = statusReader(values, flag !== undefined);
    for (const value of values) {
      const status = place(value);
      if (status === undefined) unknownStatuses.push(value);
      else statusMap[value] = status;
    }
  }
  // Every column no field took becomes an attribute, under a name of its own: none is dropped.
  const attributes: Record<string, string> = {};
  const names = new Set<string>();
  for (const column of new Set(unused)) {
    if (column.trim() === '') continue;
    const name = unusedName(attributeName(column, header.indexOf(column) + 1), names);
    names.add(name);
    attributes[name] = column;
  }
  return {
    key: fields.employee_id ? 'employee_id' : 'email',
    fields,
    ...(dateFormat && { dateFormat }),
    ...(dateFormatAmbiguous && { dateFormatAmbiguous }),
    ...(statusMap && { statusMap }),
    unknownStatuses,
    attributes,
  };
}
