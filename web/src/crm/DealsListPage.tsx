import { RecordListPage } from './RecordListPage';

/** /crm/deals: the deals as a list (stage filter, recently changed or by close date). */
export function DealsListPage() {
  return <RecordListPage type="deal" />;
}
