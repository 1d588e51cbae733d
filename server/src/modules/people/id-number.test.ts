import { describe, expect, it } from 'vitest';
import { checkDigit, idNumberProblem, makeIdNumber } from './id-number.ts';

describe('GB 11643 ID-number check', () => {
  it('accepts a published example and computes its check character', () => {
    // The standard's worked example: 11010519491231002X.
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X', '2026-11-24')).toBeNull();
    expect(idNumberProblem('11010519491231002x', '2026-11-24')).toBeNull();
  });
  it('refuses a wrong check digit, a bad date, a future birth and a bad format', () => {
    expect(idNumberProblem('110105194912310021', '2026-11-24')).toBe('checksum');
    expect(idNumberProblem(makeIdNumber('110105', '19490230', '002'), '2026-11-24')).toBe('birthDate');
    expect(idNumberProblem(makeIdNumber('110105', '20270101', '002'), '2026-11-24')).toBe('birthDate');
    expect(idNumberProblem('1101051949123100', '2026-11-24')).toBe('format');
    expect(idNumberProblem('11010519491231002Y', '2026-11-24')).toBe('format');
  });
  it('makeIdNumber builds numbers that pass', () => {
    for (const seq of ['001', '123', '999']) expect(idNumberProblem(makeIdNumber('320102', '19880229', seq), '2026-11-24')).toBeNull();
  });
});
