import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * One wizard step: a card headed by the step's name. When the step opens after another one, focus
 * moves to its heading, so a screen reader says where the person is and Tab goes on from there.
 */
export function StepSection({ title, focusOnOpen, children }: { title: string; focusOnOpen: boolean; children: ReactNode }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the step opens, not when focusOnOpen changes later
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
    // Only when the step opens: later renders of the same step keep the person's focus.
  }, []);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={-1} className="step-heading">
        {title}
      </h2>
      {children}
    </section>
  );
}
