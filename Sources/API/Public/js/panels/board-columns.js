// The six board columns and the task statuses each one shows. Moving a card into a column sets
// the column's own status.
export const columns = [
  { key: 'inbox', label: 'Inbox', statuses: ['inbox'] },
  { key: 'backlog', label: 'Backlog', statuses: ['backlog'] },
  { key: 'todo', label: 'To do', statuses: ['todo', 'assigned', 'awaiting_owner'] },
  { key: 'in_progress', label: 'In progress', statuses: ['in_progress'] },
  { key: 'review', label: 'Review', statuses: ['review', 'quality_review'] },
  { key: 'done', label: 'Done', statuses: ['done', 'failed'] },
];

/** The column a task status belongs to. */
export function columnOf(status) {
  return columns.find((column) => column.statuses.includes(status)) || columns[0];
}
