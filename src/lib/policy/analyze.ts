import { Collection } from './collection';
import { collectJs } from './js/collect';
import { isStackOverflow, parseJs } from './js/parse';
import { exceedsUtf8, MAX_CODE_BYTES } from './limits';
import { MAX_NESTING, tooDeepAt } from './nesting';
import { LineIndex } from './positions';
import { codingCookie } from './python/coding';
import { collectPython, MAX_TREE_DEPTH } from './python/collect';
import { parsePython } from './python/parse';
import { runRules, toFinding } from './run-rules';
import { levelFor, scoreFindings } from './score';
import { buildTelemetry, type TelemetryInput } from './telemetry';
import { collectTokens } from './tokens/collect';
import { tokenize } from './tokens/tokenize';
import type { DangerAnalysis, Degraded, Finding, Language } from './types';

/**
 * Scan code for dangerous patterns and score it. Never throws, never skips the scan: code that does
 * not parse is scanned from its tokens, code nested too deep for the parser likewise (and
 * `telemetry.degraded` says so). Code over {@link MAX_CODE_BYTES} is refused before parsing with a
 * single critical `resource/code-too-large` finding, which every tier blocks.
 */
export function analyze(code: string, language: Language): DangerAnalysis {
  return analyzeUnlessSlow(code, language, undefined) as DangerAnalysis;
}

/**
 * {@link analyze}, unless the Python parser needs more than `parseBudgetMs`: then null, so a caller
 * on the page's thread can hand the code to a worker instead of blocking on Lezer's error recovery.
 */
export function analyzeWithin(code: string, language: Language, parseBudgetMs: number): DangerAnalysis | null {
  return analyzeUnlessSlow(code, language, parseBudgetMs);
}

function analyzeUnlessSlow(code: string, language: Language, parseBudgetMs: number | undefined): DangerAnalysis | null {
  const text = typeof code === 'string' ? code : String(code ?? '');
  const lang: Language = language === 'python' ? 'python' : 'javascript';
  if (exceedsUtf8(text, MAX_CODE_BYTES)) return tooLarge(text, lang);
  const lines = new LineIndex(text);
  try {
    return lang === 'javascript' ? analyzeJs(text, lines) : analyzePython(text, lines, parseBudgetMs);
  } catch (error) {
    // A bug or an exhausted stack in a collector: fall back to the token scan rather than skip it.
    const degraded: Degraded = isStackOverflow(error)
      ? { reason: 'too-deep', message: 'Nesting too deep for the syntax-tree analysis; scanned tokens instead.' }
      : { reason: 'internal-error', message: `Syntax-tree analysis failed (${describe(error)}); scanned tokens instead.` };
    try {
      return fromTokens(text, lang, lines, { isValid: true, parser: 'tokens', degraded });
    } catch (second) {
      return unanalysable(text, lang, lines, describe(second));
    }
  }
}

function analyzeJs(code: string, lines: LineIndex): DangerAnalysis {
  const deep = tooDeep(code, 'javascript', lines);
  if (deep) return deep;
  const parsed = parseJs(code);
  if (parsed.ok) return result('javascript', collectJs(parsed.program, code), lines, { isValid: true, parser: 'acorn' });
  const { line, column } = lines.position(parsed.pos);
  const input: TelemetryInput = parsed.tooDeep
    ? { isValid: false, parser: 'tokens', parseError: { message: parsed.message, line, column }, degraded: { reason: 'too-deep', message: 'Nesting too deep for the parser; scanned tokens instead.' } }
    : { isValid: false, parser: 'tokens', parseError: { message: parsed.message, line, column } };
  return fromTokens(code, 'javascript', lines, input);
}

/** With a `giveUpAfterMs`, a parse that runs out of it returns null instead of falling back to tokens. */
function analyzePython(code: string, lines: LineIndex, giveUpAfterMs?: number): DangerAnalysis | null {
  const deep = tooDeep(code, 'python', lines);
  if (deep) return deep;
  const tree = parsePython(code, giveUpAfterMs);
  if (!tree) {
    if (giveUpAfterMs !== undefined) return null;
    const message = 'The Python parser ran out of time (error recovery on input that is mostly not Python); scanned tokens instead.';
    return fromTokens(code, 'python', lines, { isValid: false, parser: 'tokens', parseError: { message: 'not parsed in time', line: 1, column: 1 }, degraded: { reason: 'too-slow', message } });
  }
  const collection = collectPython(tree, code);
  const cookie = codingCookie(code);
  if (cookie) collection.add(cookie);
  const degraded: Degraded | undefined = collection.truncated
    ? { reason: 'too-deep', message: `Syntax tree deeper than ${MAX_TREE_DEPTH}; deeper parts were scanned from tokens.` }
    : undefined;
  if (collection.errorAt === null && !degraded) return result('python', collection, lines, { isValid: true, parser: 'lezer' });
  // Lezer recovered from errors, or the tree was too deep to walk whole: the token scan runs too.
  const { line, column } = lines.position(collection.errorAt ?? 0);
  const tokens = collectTokens(code, tokenize(code, 'python'), 'python');
  const treeFindings = runRules(collection.sites, 'python', lines);
  const seen = new Set(treeFindings.map((f) => `${f.rule}@${f.line}`));
  const extra = runRules(tokens.sites, 'python', lines).filter((f) => !seen.has(`${f.rule}@${f.line}`));
  const parseError = collection.errorAt === null ? undefined : { message: `Syntax error at line ${line}, column ${column}`, line, column };
  return finish('python', collection, [...treeFindings, ...extra], {
    isValid: parseError === undefined, parser: 'lezer', ...(parseError ? { parseError } : {}), ...(degraded ? { degraded } : {}),
  });
}

/** Brackets nested past {@link MAX_NESTING}: scanned from tokens, never parsed. */
function tooDeep(code: string, language: Language, lines: LineIndex): DangerAnalysis | null {
  const limit = MAX_NESTING[language];
  const at = tooDeepAt(code, limit, language);
  if (at < 0) return null;
  const message = `Brackets nested more than ${limit} deep${language === 'python' ? ' (CPython refuses this code)' : ''}; the scanner read tokens instead of a syntax tree.`;
  const parseError = { message: language === 'python' ? 'too many nested parentheses' : `nesting deeper than ${limit}`, ...lines.position(at) };
  return fromTokens(code, language, lines, { isValid: false, parser: 'tokens', parseError, degraded: { reason: 'too-deep', message } });
}

function fromTokens(code: string, language: Language, lines: LineIndex, input: TelemetryInput): DangerAnalysis {
  const collection = collectTokens(code, tokenize(code, language), language);
  if (language === 'python') {
    const cookie = codingCookie(code);
    if (cookie) collection.add(cookie);
  }
  return result(language, collection, lines, input);
}

function result(language: Language, collection: Collection, lines: LineIndex, input: TelemetryInput): DangerAnalysis {
  return finish(language, collection, runRules(collection.sites, language, lines), input);
}

function finish(language: Language, collection: Collection, findings: Finding[], input: TelemetryInput): DangerAnalysis {
  findings.sort((a, b) => a.from - b.from || a.to - b.to || a.rule.localeCompare(b.rule));
  const score = scoreFindings(findings);
  return { language, score, level: levelFor(score), findings, telemetry: buildTelemetry(collection, findings, input) };
}

function tooLarge(code: string, language: Language): DangerAnalysis {
  const lines = new LineIndex(code.slice(0, 200));
  const message = `The code is larger than ${MAX_CODE_BYTES / 1024 / 1024} MB (UTF-8); it was refused without being analysed.`;
  const finding = toFinding({ id: 'resource/code-too-large', category: 'resource' }, { severity: 'critical', message }, { from: 0, to: 0 }, lines);
  return finish(language, new Collection(), [finding], {
    isValid: false, parser: 'none',
    parseError: { message, line: 1, column: 1 },
    degraded: { reason: 'too-large', message },
  });
}

/** Last resort when even the token scan fails (a bug): fail closed, enough to stop strict and warn everywhere else. */
function unanalysable(code: string, language: Language, lines: LineIndex, reason: string): DangerAnalysis {
  const message = `The scanner failed on this code (${reason}); it could not be analysed.`;
  const finding = toFinding({ id: 'resource/unanalysable', category: 'resource' }, { severity: 'high', message }, { from: 0, to: Math.min(code.length, 1) }, lines);
  return finish(language, new Collection(), [finding], { isValid: false, parser: 'none', parseError: { message, line: 1, column: 1 }, degraded: { reason: 'internal-error', message } });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
