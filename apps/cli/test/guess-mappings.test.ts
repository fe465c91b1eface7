/** `roster init`'s guess from a header: the synonym table in the languages customers export in. */

import { compileDateFormat } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { guessDateFormat, guessMappings } from '../src/init/guess-mappings.ts';

const none = () => [];
/** The guess for a file of ids, e-mails and a Status column holding `values`. */
const statusGuess = (values: string[]) =>
  guessMappings(['ID', 'Email', 'Status'], (column) => (column === 'Status' ? values : []));

describe('guessMappings', () => {
  it.each([
    [
      'German',
      [
        'Mitarbeiternummer',
        'Vorname',
        'Nachname',
        'E-Mail Adresse',
        'Funktion',
        'Abteilung',
        'Arbeitsort',
        'Einstellungsdatum',
      ],
      {
        employee_id: 'Mitarbeiternummer',
        first_name: 'Vorname',
        last_name: 'Nachname',
        email: 'E-Mail Adresse',
        job_title: 'Funktion',
        department: 'Abteilung',
        location: 'Arbeitsort',
        hire_date: 'Einstellungsdatum',
      },
    ],
    [
      'French',
      [
        'Matricule',
        'Prénom',
        'Nom',
        'Adresse e-mail',
        'Intitulé du poste',
        'Département',
        "Date d'embauche",
        'Statut',
      ],
      {
        employee_id: 'Matricule',
        first_name: 'Prénom',
        last_name: 'Nom',
        email: 'Adresse e-mail',
        job_title: 'Intitulé du poste',
        department: 'Département',
        hire_date: "Date d'embauche",
        status: 'Statut',
      },
    ],
    [
      'Spanish (accents dropped by the export)',
      [
        'Numero de empleado',
        'Nombre',
        'Apellidos',
        'Correo electronico',
        'Puesto',
        'Departamento',
        'Fecha de ingreso',
        'Estado',
      ],
      {
        employee_id: 'Numero de empleado',
        first_name: 'Nombre',
        last_name: 'Apellidos',
        email: 'Correo electronico',
        job_title: 'Puesto',
        department: 'Departamento',
        hire_date: 'Fecha de ingreso',
        status: 'Estado',
      },
    ],
  ])('recognises a %s header', (_, header, fields) => {
    const guess = guessMappings(header, none);
    expect(guess.fields).toEqual(fields);
    expect(guess.key).toBe('employee_id');
    expect(guess.attributes).toEqual({});
  });

  it('keeps every other column as an attribute: one in another script by its position, a second of one name numbered', () => {
    const header = [
      'ID',
      'Email',
      'Cost Center',
      'Cost-Center',
      'Фамилия',
      'Отдел 2',
      '#',
      '部署',
      '2024',
      'constructor',
    ];
    expect(guessMappings(header, none).attributes).toEqual({
      cost_center: 'Cost Center',
      cost_center_2: 'Cost-Center',
      col_5: 'Фамилия',
      col_6: 'Отдел 2',
      col_7: '#',
      col_8: '部署',
      col_2024: '2024',
      constructor: 'constructor',
    });
  });

  it('recognises an ADP export header', () => {
    const header = [
      'Associate ID',
      'Legal First Name',
      'Legal Last Name',
      'Work Contact: Work Email',
      'Job Title Description',
      'Home Department Description',
      'Reports To Associate ID',
      'Reports To Name',
      'Location Description',
      'Hire Date',
      'Position Status',
    ];
    const guess = guessMappings(header, none);
    expect(guess.fields).toEqual({
      employee_id: 'Associate ID',
      first_name: 'Legal First Name',
      last_name: 'Legal Last Name',
      email: 'Work Contact: Work Email',
      job_title: 'Job Title Description',
      department: 'Home Department Description',
      manager_id: 'Reports To Associate ID',
      location: 'Location Description',
      hire_date: 'Hire Date',
      status: 'Position Status',
    });
    // The manager's name is no manager id: kept as an attribute.
    expect(guess.attributes).toEqual({ reports_to_name: 'Reports To Name' });
  });

  it("reads a JSON export's nested keys: the person's own details, not the manager's", () => {
    const header = [
      'id',
      'name.first',
      'name.last',
      'manager.email',
      'contact.email',
      'manager.id',
      'first',
      'employment.status',
    ];
    const guess = guessMappings(header, none);
    expect(guess.fields).toEqual({
      employee_id: 'id',
      first_name: 'name.first',
      last_name: 'name.last',
      email: 'contact.email',
      manager_id: 'manager.id',
      status: 'employment.status',
    });
    expect(guess.attributes).toEqual({ manager_email: 'manager.email', first: 'first' });
    // Bare first and last columns, as some exports name them.
    expect(guessMappings(['id', 'email', 'first', 'last'], none).fields).toMatchObject({
      first_name: 'first',
      last_name: 'last',
    });
  });

  it('keeps a manager column of names as an attribute, and one of ids as manager_id', () => {
    const values = (manager: string[]) => (column: string) => (column === 'Manager' ? manager : []);
    const names = guessMappings(['ID', 'Email', 'Manager'], values(['Jane Doe', 'Doe, John', '', 'Ann Lee']));
    expect(names.fields.manager_id).toBeUndefined();
    expect(names.attributes).toEqual({ manager: 'Manager' });
    const ids = guessMappings(['ID', 'Email', 'Manager'], values(['00042', 'E-1001', '']));
    expect(ids.fields.manager_id).toBe('Manager');
  });

  it('maps a yes/no active flag to status, so its leavers are inactive; a flag of other values stays an attribute', () => {
    const values = (flag: string[]) => (column: string) =>
      ['Active', 'isActive'].includes(column) ? flag : [];
    const yn = guessMappings(['Employee ID', 'Email', 'Active'], values(['Y', 'N', 'y', '']));
    expect(yn.fields.status).toBe('Active');
    expect(yn.statusMap).toEqual({ Y: 'active', N: 'inactive', y: 'active' });
    expect(yn.attributes).toEqual({});
    // A JSON export's boolean, as its cells read.
    const json = guessMappings(['id', 'email', 'isActive'], values(['true', 'false']));
    expect(json).toMatchObject({
      fields: { status: 'isActive' },
      statusMap: { true: 'active', false: 'inactive' },
    });
    // Not a flag: left alone.
    const dated = guessMappings(['Employee ID', 'Email', 'Active'], values(['2020-01-01', 'N']));
    expect(dated.fields.status).toBeUndefined();
    expect(dated.attributes).toEqual({ active: 'Active' });
    // A status column wins over a flag.
    expect(guessMappings(['ID', 'Email', 'Status', 'Active'], values(['Y'])).fields.status).toBe('Status');
  });

  it('says when every sample date reads both ways (month or day first)', () => {
    const dates = (values: string[]) => (column: string) => (column === 'Hire Date' ? values : []);
    expect(guessMappings(['ID', 'Email', 'Hire Date'], dates(['01/02/2020', '03/04/2021']))).toMatchObject({
      dateFormat: 'M/d/yyyy',
      dateFormatAmbiguous: true,
    });
    const us = guessMappings(['ID', 'Email', 'Hire Date'], dates(['01/02/2020', '07/15/2021']));
    expect(us.dateFormat).toBe('M/d/yyyy');
    expect(us.dateFormatAmbiguous).toBeUndefined();
    expect(guessMappings(['ID', 'Email', 'Hire Date'], dates(['15/07/2021'])).dateFormat).toBe('d/M/yyyy');
  });

  it.each([
    ["Excel's US short dates (M/d/yy)", ['1/2/20', '12/31/19'], 'M/d/yy', ['2020-01-02', '2019-12-31']],
    ['German short dates (d.M.yy)', ['1.2.20', '31.12.19'], 'd.M.yy', ['2020-02-01', '2019-12-31']],
    [
      'German short dates with zeros (dd.MM.yy)',
      ['05.03.21', '31.12.19'],
      'd.M.yy',
      ['2021-03-05', '2019-12-31'],
    ],
    ['UK short dates (dd/MM/yy)', ['31/12/19', '01/02/20'], 'd/M/yy', ['2019-12-31', '2020-02-01']],
    ['two-digit years of the last century', ['7/15/85', '3/1/99'], 'M/d/yy', ['1985-07-15', '1999-03-01']],
    ["Excel's d-MMM-yy", ['2-Jan-20', '31-Dec-19'], 'd-MMM-yy', ['2020-01-02', '2019-12-31']],
    ['four-digit years, as before', ['1/2/2020', '12/31/2019'], 'M/d/yyyy', ['2020-01-02', '2019-12-31']],
  ])('guesses the date format of %s, which then reads every sample', (_what, samples, format, dates) => {
    expect(guessDateFormat(samples)).toBe(format);
    const compiled = compileDateFormat(format);
    if ('error' in compiled) throw new Error(compiled.error);
    expect(samples.map((sample) => compiled.parse(sample))).toEqual(dates);
  });

  it.each([
    ['years of two and four digits', ['1/2/20', '1/2/2020', '3/4/2021'], ['M/d/yyyy', 'M/d/yy']],
    ['German dates and ISO ones', ['31.12.2019', '1.4.2020', '2022-02-01'], ['d.M.yyyy', 'yyyy-MM-dd']],
    ['dates and Excel serial numbers', ['31.12.2019', '44562'], ['d.M.yyyy', 'excel-serial']],
    ['UK dates beside short ones', ['31/12/2019', '1/2/20'], ['d/M/yyyy', 'd/M/yy']],
  ])(
    'guesses a list of patterns for %s mixed, most frequent first, which reads every sample',
    (_what, samples, formats) => {
      expect(guessDateFormat(samples)).toEqual(formats);
      const compiled = formats.map((format) => {
        const one = compileDateFormat(format);
        if ('error' in one) throw new Error(one.error);
        return one;
      });
      // As the config reads a list: the first pattern that reads the text.
      for (const sample of samples)
        expect(
          compiled.some((one) => one.parse(sample) !== undefined),
          sample,
        ).toBe(true);
    },
  );

  it('guesses no format where the default reads every sample: ISO dates and serial numbers', () => {
    expect(guessDateFormat(['2019-12-31', '2020-04-01'])).toBeUndefined();
    expect(guessDateFormat(['2019-12-31', '44562'])).toBeUndefined();
    expect(guessDateFormat(['soon', ''])).toBeUndefined();
  });

  it('says when every two-digit-year sample date reads both ways, as for four digits', () => {
    const dates = (values: string[]) => (column: string) => (column === 'Hire Date' ? values : []);
    expect(guessMappings(['ID', 'Email', 'Hire Date'], dates(['01/02/20', '03/04/21']))).toMatchObject({
      dateFormat: 'M/d/yy',
      dateFormatAmbiguous: true,
    });
    const us = guessMappings(['ID', 'Email', 'Hire Date'], dates(['1/2/20', '12/31/19']));
    expect(us.dateFormat).toBe('M/d/yy');
    expect(us.dateFormatAmbiguous).toBeUndefined();
  });

  it('keeps the header’s own spelling, which the run then matches', () => {
    expect(guessMappings(['Pers.-Nr.', 'E-MAIL-ADRESSE'], none).fields).toEqual({
      employee_id: 'Pers.-Nr.',
      email: 'E-MAIL-ADRESSE',
    });
  });

  it("reads a status column of single letters as PeopleSoft's codes, and only such a column", () => {
    const coded = statusGuess(['A', 'T', 'L', 'S', 'R']);
    expect(coded.statusMap).toEqual({ A: 'active', T: 'inactive', L: 'active', R: 'inactive' });
    expect(coded.unknownStatuses).toEqual(['S']);
    // Without an A the letters are not that code: Y/N in a status column stays for the engineer.
    expect(statusGuess(['Y', 'N']).statusMap).toEqual({});
    expect(statusGuess(['Y', 'N']).unknownStatuses).toEqual(['Y', 'N']);
    // Words beside the letters: words are read as words.
    expect(statusGuess(['A', 'Terminated']).statusMap).toEqual({ Terminated: 'inactive' });
  });

  it('takes Hired, Hire Dt and Date of Joining for the hire date', () => {
    for (const header of ['Hired', 'Hire Dt', 'Date of Joining', 'DOJ'])
      expect(guessMappings(['ID', 'Email', header], none).fields.hire_date).toBe(header);
  });

  it("takes a payroll system's short id headers for the employee id", () => {
    for (const header of ['Emp #', 'Employee #', 'EE ID', 'EEID', 'Employee Code', 'Staff Number']) {
      expect(guessMappings([header, 'Email Address'], none)).toMatchObject({
        key: 'employee_id',
        fields: { employee_id: header, email: 'Email Address' },
      });
    }
  });

  it("reads an HR API's wrapped values (`{ label, value }` under `attributes`) by the key they wrap, and drops the labels", () => {
    // Personio's employee export, flattened as init flattens JSON.
    const header = [
      'type',
      'attributes.id.label',
      'attributes.id.value',
      'attributes.email.label',
      'attributes.email.value',
      'attributes.first_name.value',
      'attributes.last_name.value',
      'attributes.position.value',
      'attributes.status.value',
      'attributes.supervisor.value.attributes.id.value',
      'attributes.department.value.attributes.id',
      'attributes.department.value.attributes.name',
      'attributes.office.value.attributes.name',
      'attributes.hire_date.value',
    ];
    const guess = guessMappings(header, (column) =>
      column === 'attributes.status.value'
        ? ['active', 'leave', 'inactive']
        : column.endsWith('id.value')
          ? ['1001']
          : [],
    );
    expect(guess.fields).toEqual({
      employee_id: 'attributes.id.value',
      email: 'attributes.email.value',
      first_name: 'attributes.first_name.value',
      last_name: 'attributes.last_name.value',
      job_title: 'attributes.position.value',
      department: 'attributes.department.value.attributes.name',
      manager_id: 'attributes.supervisor.value.attributes.id.value',
      location: 'attributes.office.value.attributes.name',
      hire_date: 'attributes.hire_date.value',
      status: 'attributes.status.value',
    });
    expect(guess.statusMap).toEqual({ active: 'active', leave: 'active', inactive: 'inactive' });
    expect(Object.values(guess.attributes)).toEqual(['type', 'attributes.department.value.attributes.id']);
  });

  it("takes a UK export's line manager number for the manager id, and its leave and leaver statuses", () => {
    for (const header of ['Line Manager No', 'Line Manager ID', 'Manager No', 'Line Manager']) {
      const guess = guessMappings(['Emp No', 'Work E-mail', header], (column) =>
        column === header ? ['101', '102', ''] : [],
      );
      expect(guess.fields.manager_id, header).toBe(header);
    }
    const guess = statusGuess([
      'Active',
      'Leaver',
      'Maternity Leave',
      'Long-term Sick',
      'Dismissed',
      'Secondment',
    ]);
    expect(guess.statusMap).toEqual({
      Active: 'active',
      Leaver: 'inactive',
      'Maternity Leave': 'active',
      'Long-term Sick': 'active',
      Dismissed: 'inactive',
      Secondment: 'active',
    });
    expect(guess.unknownStatuses).toEqual([]);
  });

  it('places German, French and Spanish status values', () => {
    const values = ['Aktiv', 'Inaktiv', 'Actif', 'Inactif', 'Activo', 'Baja', 'Unbekannt'];
    const guess = statusGuess(values);
    expect(guess.statusMap).toEqual({
      Aktiv: 'active',
      Inaktiv: 'inactive',
      Actif: 'active',
      Inactif: 'inactive',
      Activo: 'active',
      Baja: 'inactive',
    });
    expect(guess.unknownStatuses).toEqual(['Unbekannt']);
  });

  it('places Portuguese, Italian, Dutch and Russian status values, and German leavers as HR systems write them', () => {
    const values = [
      'Ativo',
      'Desligado',
      'Attivo',
      'Cessato',
      'Actief',
      'Uit dienst',
      'Работает',
      'Уволен',
      'ausgetreten',
    ];
    const guess = statusGuess(values);
    expect(guess.statusMap).toEqual({
      Ativo: 'active',
      Desligado: 'inactive',
      Attivo: 'active',
      Cessato: 'inactive',
      Actief: 'active',
      'Uit dienst': 'inactive',
      Работает: 'active',
      Уволен: 'inactive',
      ausgetreten: 'inactive',
    });
    expect(guess.unknownStatuses).toEqual([]);
  });
});
