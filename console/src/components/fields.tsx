import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';
import type { ApiProblem } from '../api/problem';

/** The API's message for a field, as the field's description (read out with it) and in red under it. */
function describe(id: string, error: string | undefined, hint: ReactNode | undefined) {
  return {
    describedBy: [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
    below: (
      <>
        {hint ? (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        ) : null}
        {error ? (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        ) : null}
      </>
    ),
  };
}

interface FieldProps {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
}

export function TextField({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const { describedBy, below } = describe(id, error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {below}
    </div>
  );
}

export function TextArea({ label, error, hint, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const { describedBy, below } = describe(id, error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {below}
    </div>
  );
}

export function SelectField({ label, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const { describedBy, below } = describe(id, error, hint);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
      {below}
    </div>
  );
}

/** The options of a select choosing one of the API's entities by id, shown by name, after a "none" option. */
export function NamedOptions({ items, none }: { items: ReadonlyArray<{ id: string; name: string }> | undefined; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {(items ?? []).map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}

export function CheckboxField({ label, hint, ...input }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A failed save: the summary at the top of the form; each field shows its own message. */
export function FormProblem({ problem, fallback }: { problem: ApiProblem | Error | null | undefined; fallback: string }) {
  if (!problem) return null;
  return (
    <div className="notice error" role="alert">
      <p>{'errors' in problem && problem.errors.length > 0 ? fallback : problem.message}</p>
    </div>
  );
}

/** The message of the API's problem for one field path, if it names it. */
export function fieldError(problem: unknown, path: string): string | undefined {
  return problem && typeof problem === 'object' && 'forField' in problem ? (problem as ApiProblem).forField(path) : undefined;
}
