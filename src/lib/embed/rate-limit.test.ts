import { describe, expect, it } from 'vitest';
import { parseConfig, DEFAULT_CONFIG } from './config';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows max requests per window per key, then refuses until the oldest leaves the window', () => {
    let now = 0;
    const limiter = new RateLimiter({ windowMs: 1000, max: 2 }, () => now);
    expect(limiter.take('a')).toEqual({ ok: true, remaining: 1 });
    now = 400;
    expect(limiter.take('a')).toEqual({ ok: true, remaining: 0 });
    now = 500;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('b').ok).toBe(true);
    now = 1000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});

describe('parseConfig', () => {
  it('defaults to no origins and 30 per 60 s', () => {
    expect(parseConfig({})).toEqual({ config: DEFAULT_CONFIG, warnings: [] });
    expect(DEFAULT_CONFIG.rateLimit).toEqual({ windowMs: 60_000, max: 30 });
  });

  it('keeps defaults for wrong fields and says so', () => {
    const { config, warnings } = parseConfig({ allowedOrigins: 'https://a.test', rateLimit: { max: -1, windowMs: 500 }, maxCodeBytes: 10 });
    expect(config).toEqual({ allowedOrigins: [], rateLimit: { windowMs: 500, max: 30 }, maxCodeBytes: 10 });
    expect(warnings).toHaveLength(2);
    expect(parseConfig([]).warnings).toHaveLength(1);
  });
});
