/** The task form (tiptap, date pickers) as its own chunk: fetched when a form first opens, not with the lists. */
import { lazy, Suspense } from 'react';
import type { TaskFormProps } from './TaskForm';

const Form = lazy(async () => ({ default: (await import('./TaskForm')).TaskForm }));

export function TaskForm(props: TaskFormProps) {
  if (!props.opened) return null;
  return (
    <Suspense fallback={null}>
      <Form {...props} />
    </Suspense>
  );
}
