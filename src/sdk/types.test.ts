import { generateDtsBundle } from 'dts-bundle-generator';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** What `npm run build` writes as dist/sandcell-client.d.ts (the same generator and options). */
function bundledTypes(): string {
  const [bundle] = generateDtsBundle([{ filePath: new URL('./client.ts', import.meta.url).pathname, output: { noBanner: true } }], {
    preferredConfigPath: new URL('../../tsconfig.json', import.meta.url).pathname,
  });
  return bundle!;
}

/** Type-checks `consumer` against the bundled declarations alone, as an embedder's project would. */
function typeErrors(declarations: string, consumer: string): string[] {
  const files: Record<string, string> = { '/sandcell-client.d.ts': declarations, '/consumer.ts': consumer };
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.getSourceFile = (name, version) => (name in files ? ts.createSourceFile(name, files[name]!, version) : getSourceFile(name, version));
  const program = ts.createProgram(['/consumer.ts'], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the SDK bundled declarations', () => {
  const declarations = bundledTypes();

  it('are enough on their own for an embedder to type-check against', () => {
    const consumer = `
      import { connect, SandcellError, type ExecutionResult } from './sandcell-client';
      const client = await connect('https://sandcell.example/index.html?embed', { timeoutMs: 10_000 });
      const result: ExecutionResult = await client.execute({ language: 'python', code: 'print(1)' }, { onOutput: (stream, text) => console.log(stream, text) });
      const status: string = result.status;
      const files = await client.files.list('session');
      if (files[0]) console.log(files[0].path, status, client.ready.version, SandcellError.name);
      client.close();
    `;
    expect(typeErrors(declarations, consumer)).toEqual([]);
  }, 60_000);

  it('catch a misuse', () => {
    expect(typeErrors(declarations, `import { connect } from './sandcell-client';\nconst c = await connect('x');\nawait c.execute({ language: 'ruby', code: 1 });\n`).length).toBeGreaterThan(0);
  }, 60_000);
});
