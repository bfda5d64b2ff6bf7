import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { useState } from 'react';
import { ApiFailure, api, call, zhMessage } from '../api/client';
import { actionName } from '../labels';
import { ActionFields, type JsonSchema } from './SchemaForm';

type Json = Record<string, unknown>;

/**
 * An action's form as the case offers it (`actionForms`): what the action carries in a case of this
 * type — 医疗救助's decision asks for its own fields, 低保's offers 低收入 — never another type's.
 */
export function ActionModal({ caseId, action, schema, onClose }: { caseId: string; action: string; schema: JsonSchema | undefined; onClose: () => void }) {
  const [form] = Form.useForm<Json>();
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  const submit = useMutation({
    mutationFn: (values: Json) => call(api.POST('/v1/cases/{caseId}/actions', { params: { path: { caseId } }, body: { ...values, action } as never })),
    onSuccess: (view) => {
      queryClient.setQueryData(['case', caseId], view);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void message.success(`${actionName(action)}：已提交`);
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
        // Each problem at its field; one the form has no field for goes above it.
        const known = err.fields.filter((f) => f.path !== 'body' && f.path !== 'action' && form.getFieldInstance(f.path.split('.')) !== undefined);
        form.setFields(known.map((f) => ({ name: f.path.split('.'), errors: [zhMessage(f.message)] })));
        const rest = err.fields.filter((f) => !known.includes(f));
        setProblem(rest.length > 0 ? rest.map((f) => `${f.path}：${f.message}`).join('；') : null);
        return;
      }
      const reason = err instanceof ApiFailure ? ({ 403: '无权办理', 409: '当前环节不能办理此事项', 503: '服务暂不可用，请稍后重试' } as Record<number, string>)[err.status] : undefined;
      setProblem(`${reason ?? '提交失败'}：${err.message}`);
    },
  });

  return (
    <Modal open title={actionName(action)} onCancel={onClose} onOk={() => form.submit()} okText="提交" cancelText="取消" confirmLoading={submit.isPending} destroyOnHidden width={640}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {!schema && <Alert type="warning" title="此事项没有可填写的表单" />}
      {schema && (
        <Form form={form} layout="vertical" onFinish={(v) => { setProblem(null); submit.mutate(v); }} scrollToFirstError>
          <ActionFields schema={schema} skip={['action']} />
        </Form>
      )}
    </Modal>
  );
}
