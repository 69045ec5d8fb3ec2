import type { Example } from './types';

export default {
  id: 'format-converter',
  title: 'Format converter: JSON, CSV, YAML',
  level: 'intermediate',
  demonstrates: 'Turning a list of records into CSV with quoting and into simple YAML.',
  language: 'javascript',
  policy: 'standard',
  code: `const records = [{ name: 'Ada', langs: 'C, Lisp', year: 1843 }, { name: 'Grace', langs: 'COBOL', year: 1959 }];
const keys = Object.keys(records[0]);
const field = (v) => (/[",\\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v));
const csv = [keys.join(','), ...records.map((r) => keys.map((k) => field(r[k])).join(','))].join('\\n');
const yaml = records.map((r) => keys.map((k, i) => (i ? '  ' : '- ') + k + ': ' + (typeof r[k] === 'string' ? JSON.stringify(r[k]) : r[k])).join('\\n')).join('\\n');
console.log(csv);
console.log('---');
console.log(yaml);`,
  expected: { status: 'completed', output: ['name,langs,year', 'Ada,"C, Lisp",1843', '- name: "Ada"', '  year: 1959'] },
} satisfies Example;
