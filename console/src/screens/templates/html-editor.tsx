import { StreamLanguage } from '@codemirror/language';
import { html } from '@codemirror/legacy-modes/mode/xml';
import { EditorView, minimalSetup } from 'codemirror';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';

/** What the merge-field buttons need of the editor. */
export interface HtmlEditorHandle {
  /** Replaces the selection (or inserts at the cursor) and puts the focus back into the editor. */
  insert(text: string): void;
  focus(): void;
}

const theme = EditorView.theme({
  '&': { border: '1px solid #8a93a3', borderRadius: '6px', background: '#fff', fontSize: '0.88rem' },
  '&.cm-focused': { outline: '3px solid #2f7de1', outlineOffset: '2px' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', minHeight: '16rem', padding: '0.5rem 0' },
  '.cm-scroller': { maxHeight: '32rem', overflow: 'auto' },
});

/**
 * HTML highlighting by CodeMirror's HTML stream mode: tags, attributes and entities, which is what a
 * mail template needs. `@codemirror/lang-html` parses nested CSS and JavaScript too: with it the
 * editor's chunk was 158 KB gzipped, with the stream mode 94 KB (a screen may load 120).
 */
const htmlMode = StreamLanguage.define(html);

/**
 * The template's HTML in CodeMirror 6 with HTML highlighting. The minimal setup's keymap leaves Tab
 * alone, so keyboard users move on with Tab as from any field (indenting is Ctrl+] / Ctrl+[). The
 * editable area is a textbox labelled by the visible label and described by its hint and error.
 */
export function HtmlEditor({
  value,
  onChange,
  onFocus,
  labelledBy,
  describedBy,
  invalid,
  readOnly = false,
  ref,
}: {
  value: string;
  onChange: (value: string) => void;
  onFocus?: () => void;
  labelledBy: string;
  describedBy?: string | undefined;
  invalid: boolean;
  /** Shown to a role that may not change the template: selectable, not editable. */
  readOnly?: boolean;
  ref?: Ref<HtmlEditorHandle>;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const latest = useRef({ onChange, onFocus, readOnly });
  latest.current = { onChange, onFocus, readOnly };
  // Read by the editor on every update, so a new error or hint reaches the textbox with the next one.
  const attributes = useRef<Record<string, string>>({});
  attributes.current = {
    'aria-labelledby': labelledBy,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(invalid ? { 'aria-invalid': 'true' } : {}),
    // Read-only: the browser lets nobody type into it (and the change listener below ignores any change).
    ...(readOnly ? { 'aria-readonly': 'true', contenteditable: 'false' } : {}),
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is built once; value and labels reach it through the effects below
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      doc: value,
      extensions: [
        minimalSetup,
        htmlMode,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of(() => attributes.current),
        theme,
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !latest.current.readOnly) latest.current.onChange(update.state.doc.toString());
          if (update.focusChanged && update.view.hasFocus) latest.current.onFocus?.();
        }),
      ],
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = undefined;
    };
    // The editor is created once; later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: an empty transaction makes the editor read its changed attributes again
  useEffect(() => {
    view.current?.dispatch({});
  }, [labelledBy, describedBy, invalid, readOnly]);

  useImperativeHandle(ref, () => ({
    insert(text: string) {
      const editor = view.current;
      if (!editor) return;
      editor.dispatch(editor.state.replaceSelection(text));
      editor.focus();
    },
    focus() {
      view.current?.focus();
    },
  }));

  return <div ref={host} className={`html-editor${invalid ? ' invalid' : ''}`} />;
}
