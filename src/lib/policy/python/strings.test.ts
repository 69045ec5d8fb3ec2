import { describe, expect, it } from 'vitest';
import { decodePythonString, parsePythonNumber } from './strings';

describe('Python literals', () => {
  it.each([
    [`'eval'`, 'eval'],
    [`"e\\x76a\\u006c"`, 'eval'],
    [`r"\\x65"`, '\\x65'],
    [`b'\\x65val'`, 'eval'],
    [`'''multi\nline'''`, 'multi\nline'],
    [`f"no fields {{x}}"`, 'no fields {x}'],
    [`"\\145val"`, 'eval'],
    [`"\\N{BULLET}"`, '\\N{BULLET}'],
    [`"ev\\\nal"`, 'eval'], // a line continuation inside the string
    [`"\\U0001F600!"`, '\u{1F600}!'],
    [`b"\\u0065"`, '\\u0065'], // no \u in bytes
    [`"\\1x"`, '\u0001x'],
  ])('%s is %j', (source, value) => {
    expect(decodePythonString(source)?.value).toBe(value);
  });

  it('does not guess f-strings with fields', () => {
    expect(decodePythonString('f"{x}"')).toBeNull();
  });

  it('reads numbers', () => {
    expect(parsePythonNumber('1_000')).toBe(1000);
    expect(parsePythonNumber('0x1F')).toBe(31);
    expect(parsePythonNumber('0o17')).toBe(15);
    expect(parsePythonNumber('0b101')).toBe(5);
    expect(parsePythonNumber('1e9')).toBe(1e9);
    expect(parsePythonNumber('2j')).toBeNaN();
  });
});
