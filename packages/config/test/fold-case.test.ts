import { describe, expect, it } from 'vitest';
import { foldCase, mapKey, normalizeColumnName } from '../src/index.ts';

describe('case folding', () => {
  it('counts the Turkish pairs İ/i and I/ı as case, for map keys as for column names', () => {
    expect(foldCase('İŞTEN AYRILDI')).toBe('işten ayrildi');
    expect(foldCase('İşten Ayrıldı')).toBe('işten ayrildi');
    // A file in upper case against `map: {Aktif: active, Pasif: inactive, "İşten Ayrıldı": inactive}`:
    // each row was INVALID_STATUS.
    expect(mapKey('AKTİF')).toBe(mapKey('Aktif'));
    expect(mapKey('PASİF')).toBe(mapKey('Pasif'));
    expect(mapKey(' İŞTEN  AYRILDI ')).toBe(mapKey('İşten Ayrıldı'));
    expect(normalizeColumnName('İŞTEN AYRILDI')).toBe(mapKey('İşten Ayrıldı').replace(' ', ''));
  });

  it('reads a decomposed or full-width letter as the usual one', () => {
    expect(foldCase('ÇALIŞIYOR'.normalize('NFD'))).toBe(foldCase('Çalışıyor'));
    expect(foldCase('I\u0307ZI\u0307NLI\u0307')).toBe('izinli'); // İ written as I and a combining dot
    expect(mapKey('ＡＫＴİＦ')).toBe('aktif');
  });
});
