/** How the sidebar previews a file, decided from its name and its bytes. */
export type PreviewKind = 'text' | 'json' | 'csv' | 'image' | 'hex';

const IMAGE: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };

const extension = (path: string) => path.slice(path.lastIndexOf('.') + 1).toLowerCase();

/** The image MIME type for a path, or undefined when it is not an image we render. */
export function imageType(path: string): string | undefined {
  return IMAGE[extension(path)];
}

/** Whether the bytes decode as UTF-8 text without control characters other than whitespace. */
export function isText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
    return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

export function previewKind(path: string, bytes: Uint8Array): PreviewKind {
  if (imageType(path)) return 'image';
  if (!isText(bytes)) return 'hex';
  const ext = extension(path);
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  return 'text';
}

/** Parses CSV (RFC 4180 quoting) into rows; stops after `limit` rows. */
export function parseCsv(text: string, limit = 200, separator = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if ((field || row.length) && rows.length < limit) row.push(field), rows.push(row);
  return rows;
}

/** Pretty-prints JSON, or returns the text as is when it does not parse. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A classic hex dump: offset, 16 bytes, their printable ASCII; at most `limit` bytes. */
export function hexDump(bytes: Uint8Array, limit = 4096): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const chunk = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes`);
  return lines.join('\n');
}
