import { useState } from 'react';

/**
 * A form field's text and what is wrong with it (a message key, or null); typing clears the problem.
 * `onChange` fits the fields of CredentialsFields and NameFields.
 */
export function useField<P extends string>(initial: string | (() => string) = '') {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<P | null>(null);
  const onChange = (next: string) => {
    setValue(next);
    setProblem(null);
  };
  return { value, setValue, problem, setProblem, onChange };
}
