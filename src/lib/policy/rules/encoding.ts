import { defineRule, match } from '../rule';
import { anyDecoded } from './util';
import { isCodeSink } from './code-injection';

const category = 'encoding';

/** `\u0065val`: an identifier spelled with escapes says the same as one without, except to a text scanner. */
export const escapedIdentifier = defineRule({
  id: 'encoding/escaped-identifier', category, kind: 'name', languages: ['javascript'],
  check: (s) => (s.escaped ? match('medium', `Identifier ${s.raw} is written with escapes; it means ${s.name}.`) : null),
});

/** `ｅｖａｌ`, `ᵉval`: identifiers that become ASCII names under NFKC (Python runs them as such). */
export const homoglyphIdentifier = defineRule({
  id: 'encoding/homoglyph-identifier', category, kind: 'name',
  check: (s, language) => {
    if (!s.normalised) return null;
    return language === 'python'
      ? match('medium', `Identifier ${s.raw} is ${s.name} once Python normalises it (NFKC).`)
      : match('medium', `Identifier ${s.raw} is made to look like ${s.name}.`);
  },
});

/** `"\x65\x76\x61\x6c"`: printable text spelled in escapes, the usual wrapper around a payload. */
export const escapedString = defineRule({
  id: 'encoding/escaped-string', category, kind: 'string',
  check: (s) => (s.needless >= 4 ? match('low', `A string spells ${s.needless} printable characters in hex or unicode escapes.`) : null),
});

/** `eval(atob(…))`, `exec(base64.b64decode(…))`, `Function(atob(…))`: decoded text run as code. */
export const decodedExec = defineRule({
  id: 'encoding/decoded-exec', category, kind: 'call',
  roots: ['eval', 'Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction', 'setTimeout', 'setInterval', 'setImmediate', 'vm', 'exec', 'compile', 'execfile'],
  check: (s, language) => (isCodeSink(s, language) && anyDecoded(s.args) ? match('critical', `${s.callee}() runs text that was decoded first (base64, hex, char codes…).`) : null),
});

/** `globalThis[atob("ZXZhbA==")]`, `getattr(os, bytes.fromhex("…").decode())`: a name that only exists after decoding. */
export const decodedName = defineRule({
  id: 'encoding/decoded-name', category, kind: 'access',
  check: (s) => (s.decodedName ? match('high', `Reaches ${s.path} through a name that is decoded at run time.`) : null),
});

/** Encodings Python reads source in without surprises. */
const PLAIN_CODINGS = new Set(['utf-8', 'utf8', 'ascii', 'us-ascii', 'latin-1', 'latin1', 'iso-8859-1', 'iso-8859-15', 'cp1252']);

/** `# -*- coding: utf-7 -*-`: Python decodes the source before running it, so what the scanner reads is not what runs. */
export const codingCookie = defineRule({
  id: 'encoding/coding-cookie', category, kind: 'coding', languages: ['python'],
  check: (s) => {
    const name = s.encoding.toLowerCase().replaceAll('_', '-');
    return PLAIN_CODINGS.has(name)
      ? match('low', `Declares a source encoding (${s.encoding}).`)
      : match('critical', `Declares the source encoding ${s.encoding}: Python decodes the code before running it, so what runs is not what is shown.`);
  },
});

export const rules = [escapedIdentifier, homoglyphIdentifier, escapedString, decodedExec, decodedName, codingCookie];
