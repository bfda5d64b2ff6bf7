import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Modal } from 'antd';
import { useRef, useState } from 'react';
import { ApiFailure, api, call } from '../api/client';
import { cleaned, errorSchemaOf, hasField, prepare, translateString, validator, widgets, type Schema } from './ActionForm';

// 居住地申办: the 户籍 county's answer to a cooperation request (协查), drawn by react-jsonschema-form as a
// case's actions are (ActionForm): the API's 400s at their field, its 403/409 above the form.

/** What POST /v1/cooperation-requests/:requestId/answers takes, titled in Chinese (long text: a text area). */
const ANSWER: Schema = {
  type: 'object',
  required: ['findings'],
  properties: {
    findings: { type: 'string', title: '协查结果', description: '户籍地核查的收入、财产、家庭成员等情况', minLength: 1, maxLength: 2000 },
    householdSituation: { type: 'string', title: '户籍地家庭情况', description: '入户或登记所见（可不填）', maxLength: 2000 },
  },
};

const STATUS_TEXT: Record<number, string> = { 403: '无权答复', 404: '协查请求不存在', 409: '不能答复', 503: '服务暂不可用，请稍后重试' };

export default function CooperationAnswer({ requestId, applicant, onClose }: { requestId: string; applicant: string; onClose: () => void }) {
  const [drawn] = useState(() => {
    const p = prepare(ANSWER);
    return { schema: p.schema, ui: { ...p.ui, 'ui:submitButtonOptions': { norender: true } } as UiSchema };
  });
  const data = useRef<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<ErrorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const formRef = useRef<{ submit: () => void } | null>(null);
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  const submit = useMutation({
    mutationFn: (body: { findings: string; householdSituation?: string }) => call(api.POST('/v1/cooperation-requests/{requestId}/answers', { params: { path: { requestId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['cooperation-requests'] });
      void message.success('协查答复：已提交');
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
        const problems = err.fields.map((f) => ({ path: f.path, message: typeof f.message === 'string' ? f.message : err.message }));
        const known = problems.filter((f) => hasField(drawn.schema, f.path.split('.')));
        setFieldErrors(known.length > 0 ? errorSchemaOf(known) : undefined);
        const rest = problems.filter((f) => !known.includes(f));
        setProblem(rest.length > 0 ? rest.map((f) => f.message).join('；') : null);
        return;
      }
      const status = err instanceof ApiFailure ? STATUS_TEXT[err.status] : undefined;
      setProblem(status ? `${status}：${err.message}` : `提交失败：${err.message}`);
    },
  });

  return (
    <Modal open title={`协查答复 · ${applicant}`} onCancel={onClose} onOk={() => formRef.current?.submit()} okText="提交" cancelText="取消" confirmLoading={submit.isPending} destroyOnHidden width={680}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <style>{'.rjsf fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }'}</style>
      <Form
        ref={formRef as never}
        schema={drawn.schema}
        uiSchema={drawn.ui}
        validator={validator}
        widgets={widgets}
        translateString={translateString}
        extraErrors={fieldErrors}
        showErrorList={false}
        noHtml5Validate
        onChange={(e: IChangeEvent) => {
          data.current = e.formData;
          if (fieldErrors) setFieldErrors(undefined);
        }}
        onSubmit={(e: IChangeEvent) => {
          setProblem(null);
          submit.mutate(cleaned(e.formData ?? {}) as { findings: string; householdSituation?: string });
        }}
      />
    </Modal>
  );
}
