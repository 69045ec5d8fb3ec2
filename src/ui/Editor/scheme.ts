import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * The editor's colours for both schemes at once: every colour is a light-dark() pair (or one of
 * the page's variables), so the editor follows color-scheme (the system, or the theme toggle)
 * with no theme switching in script.
 */
const chrome = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--surface)' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRightColor: 'var(--border)' },
  '.cm-activeLine': { backgroundColor: 'light-dark(#f1f3f8, #262a33)' },
  '.cm-activeLineGutter': { backgroundColor: 'light-dark(#e6e9f2, #2c313b)', color: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'light-dark(#cdd6f7, #3a4670)',
  },
  '.cm-selectionMatch': { backgroundColor: 'light-dark(#e2e8c8, #3b4230)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'light-dark(#d3e8d3, #2f4a35)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
});

// The default style's hues, each with a lighter partner that reads on the dark surface.
const highlight = HighlightStyle.define([
  { tag: t.keyword, color: 'light-dark(#708, #d19bff)' },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: 'light-dark(#219, #8fa8ff)' },
  { tag: [t.literal, t.inserted], color: 'light-dark(#164, #7fd1a0)' },
  { tag: [t.string, t.deleted], color: 'light-dark(#a11, #ff9a8a)' },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: 'light-dark(#e40, #ffb36b)' },
  { tag: t.definition(t.variableName), color: 'light-dark(#00f, #7fb4ff)' },
  { tag: t.local(t.variableName), color: 'light-dark(#30a, #b4a0ff)' },
  { tag: [t.typeName, t.namespace], color: 'light-dark(#085, #5fd2b0)' },
  { tag: t.className, color: 'light-dark(#167, #6fc8d8)' },
  { tag: [t.special(t.variableName), t.macroName], color: 'light-dark(#256, #8cc4d4)' },
  { tag: t.definition(t.propertyName), color: 'light-dark(#00c, #8fa8ff)' },
  { tag: t.comment, color: 'light-dark(#940, #d6a869)' },
  { tag: t.invalid, color: 'light-dark(#f00, #ff6b6b)' },
  { tag: t.meta, color: 'light-dark(#404740, #a8b0a8)' },
]);

/** The page's colours for the editor, in light and dark. */
export const editorScheme = [chrome, syntaxHighlighting(highlight)];
