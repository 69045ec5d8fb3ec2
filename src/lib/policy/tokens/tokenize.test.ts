import { describe, expect, it } from 'vitest';
import { tokenize, unescapeJs } from './tokenize';

const values = (code: string, lang: 'javascript' | 'python') => tokenize(code, lang).map((t) => `${t.type}:${t.value}`);

describe('tokenize', () => {
  it('drops comments and keeps strings whole (JavaScript)', () => {
    expect(values('a /* eval( */ // x\n"ev\\x61l" `t${x}`; y = /re(g)/g', 'javascript')).toEqual([
      'name:a', 'string:eval', 'string:undefined', 'punct:;', 'name:y', 'punct:=', 'regex:undefined',
    ]);
  });

  it('decodes escaped names and normalises homoglyphs', () => {
    const [t] = tokenize('\\u0065val', 'javascript');
    expect(t).toMatchObject({ type: 'name', value: 'eval', escaped: true });
    expect(tokenize('ｅｘｅｃ', 'python')[0]?.value).toBe('exec');
  });

  it('reads Python prefixes, triple quotes and indentation', () => {
    const ts = tokenize('if x:\n    y = rb"a\\x"\n    """doc\n"""\n', 'python');
    expect(ts.map((t) => t.value)).toEqual(['if', 'x', ':', 'y', '=', 'a\\x', 'doc\n']);
    expect(ts[3]).toMatchObject({ lineStart: true, indent: 4 });
  });

  it('never throws on unterminated input', () => {
    for (const lang of ['javascript', 'python'] as const) {
      for (const code of ['"abc', '`abc${', "'''abc", '/* x', '\\u', '0x', '\\u{110000}']) expect(() => tokenize(code, lang)).not.toThrow();
    }
  });
});

describe('unescapeJs', () => {
  it.each([
    ['e\\x76a\\u006c', 'eval'],
    ['\\u{65}val', 'eval'],
    ['ev\\\nal', 'eval'],
    ['\\n\\t\\q', '\n\tq'],
    ['\\xZZ', 'xZZ'],
    ['end\\', 'end\\'],
  ])('%j is %j', (body, value) => {
    expect(unescapeJs(body)).toBe(value);
  });
});
