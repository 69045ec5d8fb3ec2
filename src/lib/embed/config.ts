/** The deploy-time config, `sandcell.config.json` beside index.html (see static/sandcell.config.md). */
export interface EmbedConfig {
  /** Origins that may call the API; `"*"` allows any. Default: none (only the embed's own UI runs code). */
  allowedOrigins: string[];
  /** Requests per origin in a sliding window. Default 30 per 60 s. */
  rateLimit: { windowMs: number; max: number };
  /** Largest `code` (and `files.write` content) accepted, in UTF-8 bytes. Default 1 MB. */
  maxCodeBytes: number;
}

export const DEFAULT_CONFIG: EmbedConfig = {
  allowedOrigins: [],
  rateLimit: { windowMs: 60_000, max: 30 },
  maxCodeBytes: 1024 * 1024,
};

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** Reads a config document field by field; a field that is missing or wrong keeps its default, with a warning. */
export function parseConfig(value: unknown): { config: EmbedConfig; warnings: string[] } {
  const warnings: string[] = [];
  const config: EmbedConfig = { ...DEFAULT_CONFIG, rateLimit: { ...DEFAULT_CONFIG.rateLimit } };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { config, warnings: ['the config is not a JSON object; using defaults'] };
  }
  const raw = value as Record<string, unknown>;
  if ('allowedOrigins' in raw) {
    const list = raw.allowedOrigins;
    if (Array.isArray(list) && list.every((entry): entry is string => typeof entry === 'string')) config.allowedOrigins = [...list];
    else warnings.push('allowedOrigins must be a list of strings');
  }
  if ('rateLimit' in raw) {
    const limit = raw.rateLimit;
    if (typeof limit === 'object' && limit !== null) {
      const { windowMs, max } = limit as Record<string, unknown>;
      if (windowMs !== undefined) positive(windowMs) ? (config.rateLimit.windowMs = windowMs) : warnings.push('rateLimit.windowMs must be a positive number');
      if (max !== undefined) positive(max) ? (config.rateLimit.max = Math.floor(max)) : warnings.push('rateLimit.max must be a positive number');
    } else warnings.push('rateLimit must be an object');
  }
  if ('maxCodeBytes' in raw) {
    if (positive(raw.maxCodeBytes)) config.maxCodeBytes = Math.floor(raw.maxCodeBytes);
    else warnings.push('maxCodeBytes must be a positive number');
  }
  return { config, warnings };
}

/** Fetches the config at start-up; a missing or unreadable file means the defaults (no origin allowed). */
export async function loadConfig(url: string | URL): Promise<{ config: EmbedConfig; warnings: string[] }> {
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) return { config: DEFAULT_CONFIG, warnings: [`${String(url)}: HTTP ${response.status}; using defaults`] };
    return parseConfig(await response.json());
  } catch (error) {
    return { config: DEFAULT_CONFIG, warnings: [`${String(url)}: ${error instanceof Error ? error.message : String(error)}; using defaults`] };
  }
}

/** The deployed `sandcell.config.json` beside index.html; its warnings go to the console. */
export async function loadDeployedConfig(): Promise<EmbedConfig> {
  const { config, warnings } = await loadConfig(new URL(`${import.meta.env.BASE_URL}sandcell.config.json`, location.href));
  for (const warning of warnings) console.warn(`sandcell.config.json: ${warning}`);
  return config;
}
