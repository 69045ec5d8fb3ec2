import { afterEach, describe, expect, it, vi } from 'vitest';
import { languageOf, mainFile } from './main-file';

describe('main file', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the editor language of a file by its extension', () => {
    expect(languageOf('app.py')).toBe('python');
    expect(languageOf('site-packages/pkg/__init__.PY')).toBe('python');
    expect(languageOf('index.mjs')).toBe('javascript');
    expect(languageOf('data.json')).toBe('javascript');
    expect(languageOf('notes.txt')).toBeUndefined();
    expect(languageOf('py')).toBeUndefined();
  });

  it('remembers a path per session and forgets it', () => {
    const saved = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key),
    });
    mainFile.set('s1', 'app.py');
    mainFile.set('s2', 'other.py');
    expect(mainFile.get('s1')).toBe('app.py');
    mainFile.set('s1', undefined);
    expect(mainFile.get('s1')).toBeUndefined();
    expect(mainFile.get('s2')).toBe('other.py');
  });

  it('lasts for the page only where storage is refused', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(() => mainFile.set('s1', 'app.py')).not.toThrow();
    expect(mainFile.get('s1')).toBeUndefined();
  });
});
