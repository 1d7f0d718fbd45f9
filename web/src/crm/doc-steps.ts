/**
 * The status steps of a quote or an invoice, from what actually happened to it (pure; unit-tested in
 * test/unit/web-crm-doc-steps.test.ts). Invoice: draft → issued → sent → paid; quote: draft → sent → accepted (or
 * declined). "Sent" is done only when the document was sent (it has `sentAt`): an invoice paid, or a quote decided,
 * without being sent shows that step as skipped, never ticked.
 */
import type { DocumentView } from '../../../shared/crm/documents-contract';

export type StepKey = 'draft' | 'issued' | 'sent' | 'paid' | 'accepted' | 'declined';
/** done: happened · current: the next thing to do · todo: later · skipped: passed over without happening. */
export type StepState = 'done' | 'current' | 'todo' | 'skipped';
export interface DocStep {
  key: StepKey;
  state: StepState;
}

type Facts = Pick<DocumentView, 'type' | 'status' | 'number' | 'sentAt' | 'paidAt'>;

/** The steps, or null for a cancelled document (the page says so instead). */
export function docSteps(doc: Facts): DocStep[] | null {
  if (doc.status === 'cancelled') return null;
  const happened: [StepKey, boolean][] =
    doc.type === 'invoice'
      ? [
          ['draft', doc.status !== 'draft'],
          ['issued', doc.status !== 'draft' && doc.number !== null],
          ['sent', doc.sentAt !== null],
          ['paid', doc.status === 'paid' || doc.paidAt !== null],
        ]
      : [
          ['draft', doc.status !== 'draft'],
          ['sent', doc.sentAt !== null],
          doc.status === 'declined' ? ['declined', true] : ['accepted', doc.status === 'accepted'],
        ];
  const lastDone = happened.reduce((at, [, done], i) => (done ? i : at), -1);
  let currentGiven = false;
  return happened.map(([key, done], i) => {
    if (done) return { key, state: 'done' };
    if (i < lastDone) return { key, state: 'skipped' };
    if (!currentGiven) {
      currentGiven = true;
      return { key, state: 'current' };
    }
    return { key, state: 'todo' };
  });
}

/** Mantine's Stepper index: the first step that is not behind us (all steps behind → the count, every one shown done). */
export function stepperActive(steps: readonly DocStep[]): number {
  const i = steps.findIndex((s) => s.state === 'current' || s.state === 'todo');
  return i === -1 ? steps.length : i;
}
