import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `encoding` rules must find. */
export const positives: readonly Positive[] = [
  js('\\u0065val("1")', 'encoding/escaped-identifier', 'medium'),
  js('const \\u{61}b = 1', 'encoding/escaped-identifier', 'medium'),
  js('globalThis.\\u0065val("1")', 'encoding/escaped-identifier', 'medium'),
  js('const ｅval = 1', 'encoding/homoglyph-identifier', 'medium'),
  js('const s = "\\x65\\x76\\x61\\x6c\\x28\\x31\\x29"', 'encoding/escaped-string', 'low'),
  js('eval(atob("YWxlcnQoMSk="))', 'encoding/decoded-exec', 'critical'),
  js('new Function(Buffer.from("cmV0dXJuIDE=", "base64").toString())()', 'encoding/decoded-exec', 'critical'),
  js('eval(String.fromCharCode(97, 108, 101, 114, 116))', 'encoding/decoded-exec', 'critical'),
  js('eval(unescape("%61%6c%65%72%74"))', 'encoding/decoded-exec', 'critical'),
  js('eval(decodeURIComponent(payload))', 'encoding/decoded-exec', 'critical'),
  js('globalThis[atob("ZXZhbA==")]("1")', 'encoding/decoded-name', 'high'),
  py('exec(base64.b64decode("cHJpbnQoMSk="))', 'encoding/decoded-exec', 'critical'),
  py('exec(bytes.fromhex("7072696e74283129").decode())', 'encoding/decoded-exec', 'critical'),
  py('exec("".join(chr(c) for c in [112, 114]))', 'encoding/decoded-exec', 'critical'),
  py('exec("".join(map(chr, [112, 114])))', 'encoding/decoded-exec', 'critical'),
  py('exec(chr(112) + chr(114))', 'encoding/decoded-exec', 'critical'),
  py('import codecs\nexec(codecs.decode("cevag(1)", "rot13"))', 'encoding/decoded-exec', 'critical'),
  py('import zlib\nexec(zlib.decompress(blob))', 'encoding/decoded-exec', 'critical'),
  py('eval("1+1"[::-1])', 'encoding/decoded-exec', 'critical'),
  py('getattr(os, bytes.fromhex("73797374656d").decode())("id")', 'encoding/decoded-name', 'high'),
  py('ｅｘｅｃ("print(1)")', 'encoding/homoglyph-identifier', 'medium'),
  py('s = "\\x70\\x72\\x69\\x6e\\x74"', 'encoding/escaped-string', 'low'),
  py('# -*- coding: utf-7 -*-\nprint(1)', 'encoding/coding-cookie', 'critical'),
  py('#!/usr/bin/env python\n# vim: set fileencoding=unicode_escape :\nprint(1)', 'encoding/coding-cookie', 'critical'),
  py('# -*- coding: utf-8 -*-\nprint(1)', 'encoding/coding-cookie', 'low'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('btoa("hi"); const b = atob("aGk="); console.log(b);'),
  jsTrap('const esc = "\\x1b[31m red \\x1b[0m"; const e = "caf\\u00e9"; const n = "\\n\\t";'),
  jsTrap('const café = 1; const π = 3.14; const 名前 = "x";'),
  jsTrap('const text = Buffer.from(data, "base64").toString(); JSON.parse(text);'),
  pyTrap('import base64\nprint(base64.b64encode(b"hi"), base64.b64decode("aGk="))'),
  pyTrap('name = "caf\\u00e9"\nπ = 3.14\nprint("\\x1b[31mred")'),
  pyTrap('print(1)\n# coding: utf-7 appears only on line 3, which Python ignores'),
];
