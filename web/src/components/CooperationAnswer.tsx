import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api, call } from '../api/client';
import { JsonSchemaFormModal, type Json } from './JsonSchemaForm';

// 居住地申办: the 户籍 county's answer to a cooperation request (协查), drawn by react-jsonschema-form as a
// case's actions are (ActionForm): the API's 400s at their field, its 403/409 above the form.

/** What POST /v1/cooperation-requests/:requestId/answers takes, titled in Chinese (long text: a text area). */
const ANSWER: Json = {
  type: 'object',
  required: ['findings'],
  properties: {
    findings: { type: 'string', title: '协查结果', description: '户籍地核查的收入、财产、家庭成员等情况', minLength: 1, maxLength: 2000 },
    householdSituation: { type: 'string', title: '户籍地家庭情况', description: '入户或登记所见（可不填）', maxLength: 2000 },
  },
};

export default function CooperationAnswer({ requestId, applicant, onClose }: { requestId: string; applicant: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <JsonSchemaFormModal
      title={`协查答复 · ${applicant}`}
      schema={ANSWER}
      notFound="协查请求不存在"
      send={(values) => call(api.POST('/v1/cooperation-requests/{requestId}/answers', { params: { path: { requestId } }, body: values as { findings: string; householdSituation?: string } }))}
      onDone={() => {
        void queryClient.invalidateQueries({ queryKey: ['cooperation-requests'] });
        void message.success('协查答复：已提交');
      }}
      onClose={onClose}
    />
  );
}
