/** The embed view's URL: `?embed&lang=python&engine=cpython&policy=standard&theme=dark&readonly&autorun#code=<lz-string>`. */
import { decompressFromEncodedURIComponent } from 'lz-string';
import { DEFAULT_ENGINE, ENGINES } from '../lib/sandbox/engine-catalog';
import type { EngineId, Language } from '../lib/engines/protocol';
import { isPolicyTier, type PolicyTier } from '../lib/policy/tiers';

export type ThemeChoice = 'light' | 'dark' | 'auto';

export interface EmbedParams {
  language: Language;
  engine: EngineId;
  policy: PolicyTier;
  theme: ThemeChoice;
  readonly: boolean;
  autorun: boolean;
  code: string;
}

const flag = (params: URLSearchParams, name: string) => params.has(name) && params.get(name) !== 'false' && params.get(name) !== '0';

/** Reads the query and hash; anything unknown falls back to a default. */
export function parseEmbedUrl(search: string, hash: string): EmbedParams {
  const query = new URLSearchParams(search);
  const lang = query.get('lang');
  const language: Language = lang === 'python' || lang === 'py' ? 'python' : 'javascript';
  const wanted = query.get('engine');
  const engine = wanted && Object.hasOwn(ENGINES, wanted) && ENGINES[wanted as EngineId].language === language ? (wanted as EngineId) : DEFAULT_ENGINE[language];
  const policyParam = query.get('policy');
  const theme = query.get('theme');
  const packed = new URLSearchParams(hash.replace(/^#/, '')).get('code');
  return {
    language,
    engine,
    policy: isPolicyTier(policyParam) ? policyParam : 'standard',
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    readonly: flag(query, 'readonly'),
    autorun: flag(query, 'autorun'),
    code: (packed ? decompressFromEncodedURIComponent(packed) : null) ?? '',
  };
}
