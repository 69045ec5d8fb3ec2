/**
 * Builds the SDK next to the app, at stable names in the output folder: `sandcell-client.js` (an ES
 * module) and `sandcell-embed.js` (a classic script). Each is its own small build, so each is one
 * self-contained file with no chunks to fetch across origins.
 */
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type ResolvedConfig } from 'vite';

const ENTRIES = [
  { file: 'sandcell-client.js', entry: fileURLToPath(new URL('./client.ts', import.meta.url)), format: 'es' },
  { file: 'sandcell-embed.js', entry: fileURLToPath(new URL('./sandcell-embed.ts', import.meta.url)), format: 'iife' },
] as const;

export function sandcellSdk(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'sandcell-sdk',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      for (const { file, entry, format } of ENTRIES) {
        await build({
          configFile: false,
          root: config.root,
          logLevel: 'warn',
          publicDir: false,
          build: {
            outDir: config.build.outDir,
            emptyOutDir: false,
            copyPublicDir: false,
            target: 'es2022',
            lib: { entry, formats: [format], name: 'Sandcell', fileName: () => file },
          },
        });
      }
    },
  };
}
