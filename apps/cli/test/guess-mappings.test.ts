/** `roster init`'s guess from a header: the synonym table in the languages customers export in. */
import { describe, expect, it } from 'vitest';
import { guessMappings } from '../src/init/guess-mappings.ts';

const none = () => [];

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

  it('keeps the header’s own spelling, which the run then matches', () => {
    expect(guessMappings(['Pers.-Nr.', 'E-MAIL-ADRESSE'], none).fields).toEqual({
      employee_id: 'Pers.-Nr.',
      email: 'E-MAIL-ADRESSE',
    });
  });

  it('places German, French and Spanish status values', () => {
    const values = ['Aktiv', 'Inaktiv', 'Actif', 'Inactif', 'Activo', 'Baja', 'Unbekannt'];
    const guess = guessMappings(['ID', 'Email', 'Status'], (column) => (column === 'Status' ? values : []));
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
});
