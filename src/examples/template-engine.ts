import type { Example } from './types';

export default {
  id: 'template-engine',
  title: 'Template engine with XSS-safe escaping',
  level: 'intermediate',
  demonstrates: 'Interpolation that HTML-escapes by default, with an explicit raw form.',
  language: 'javascript',
  policy: 'standard',
  code: `const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);
const render = (tpl, data) =>
  tpl.replace(/{{{\\s*(\\w+)\\s*}}}|{{\\s*(\\w+)\\s*}}/g, (_, raw, safe) => (raw ? String(data[raw]) : escape(data[safe])));
const page = render('<p>Hello {{ name }}</p>{{{ footer }}}', { name: '<img src=x onerror=alert(1)>', footer: '<hr>' });
console.log(page);`,
  expected: { status: 'completed', output: ['<p>Hello &lt;img src=x onerror=alert(1)&gt;</p><hr>'] },
} satisfies Example;
