/**
 * The field manager of every server-side apply deploy makes (and the `managed-by` label of the
 * objects it adds itself): the fields it owns are told apart from kubectl's, Helm's and
 * controllers' in managedFields, and a field another manager changed is a conflict, not lost.
 */
export const FIELD_MANAGER = 'todo-k8s';
