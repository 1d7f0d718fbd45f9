import { RecordListPage } from './RecordListPage';

/** /crm/leads: the leads list (status filter, search, scope). */
export function LeadsPage() {
  return <RecordListPage type="lead" />;
}
