import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { DEFAULT_ENGINE, ENGINES } from '../lib/sandbox/engine-catalog';
import type { EngineId, Language } from '../lib/engines/protocol';
import { isPolicyTier, type PolicyTier } from '../lib/policy/tiers';

/** What the page keeps in its URL hash: `#lang=python&engine=cpython&policy=standard&code=<lz-string>`. */
export interface HashState {
  language: Language;
  engine: EngineId;
  policy: PolicyTier;
  /** Undefined when the hash carries no code (or code that does not decompress). */
  code?: string;
}

const isLanguage = (value: string | null): value is Language => value === 'javascript' || value === 'python';

/** Reads the hash, falling back field by field to defaults; an engine must match the language. */
export function parseHash(hash: string, fallback: Omit<HashState, 'code'>): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const lang = params.get('lang');
  const language = isLanguage(lang) ? lang : fallback.language;
  const engineParam = params.get('engine');
  const engine =
    engineParam && Object.hasOwn(ENGINES, engineParam) && ENGINES[engineParam as EngineId].language === language
      ? (engineParam as EngineId)
      : language === fallback.language
        ? fallback.engine
        : DEFAULT_ENGINE[language];
  const policyParam = params.get('policy');
  const policy = isPolicyTier(policyParam) ? policyParam : fallback.policy;
  const packed = params.get('code');
  const code = packed ? (decompressFromEncodedURIComponent(packed) ?? undefined) : undefined;
  return { language, engine, policy, code: code || undefined };
}

export function formatHash(state: HashState): string {
  const params = new URLSearchParams({ lang: state.language, engine: state.engine, policy: state.policy });
  // lz-string's URI alphabet needs no escaping; URLSearchParams would escape '+' and '$'.
  const code = state.code ? `&code=${compressToEncodedURIComponent(state.code)}` : '';
  return `#${params.toString()}${code}`;
}
