import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api, call } from '../api/client';
import { JsonSchemaFormModal, type Json } from './JsonSchemaForm';

/**
 * One action on a case, through its form (`actionForms`): what the action carries in a case of this type
 * — 医疗救助's decision asks for its own fields, 低保's offers 低收入 — never another type's. Loaded on demand.
 */
export default function ActionForm({ caseId, action, label, schema, onClose }: { caseId: string; action: string; label: string; schema: Json; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <JsonSchemaFormModal
      title={label}
      schema={schema}
      notFound="案件不存在"
      send={(values) => call(api.POST('/v1/cases/{caseId}/actions', { params: { path: { caseId } }, body: { ...values, action } as never }))}
      onDone={(view) => {
        queryClient.setQueryData(['case', caseId], view);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        void message.success(`${label}：已提交`);
      }}
      onClose={onClose}
    />
  );
}
