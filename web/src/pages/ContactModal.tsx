import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Modal, Spin } from 'antd';
import { api, call, type Schemas } from '../api/client';
import { LazyFormModal } from '../components/forms';
import { useIdempotencyKeys } from '../components/idempotency';
import { QueryError } from '../components/QueryError';

type Benefit = Schemas['Benefit'];

/** A visit or a call to the person, through the form the API describes (`contactForm`): the benefit page's and 走访联系's. */
export function ContactModal({ benefitId, form: described, onClose }: { benefitId: string; form: NonNullable<Benefit['contactForm']>; onClose: () => void }) {
  const keyOf = useIdempotencyKeys();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return (
    <LazyFormModal
      title={described.label}
      schema={described.schema}
      send={(body) => call(api.POST('/v1/benefits/{benefitId}/contacts', { params: { path: { benefitId }, header: { 'idempotency-key': keyOf(body) } }, body: body as never }))}
      onDone={(benefit) => {
        queryClient.setQueryData(['benefit', benefitId], benefit);
        void queryClient.invalidateQueries({ queryKey: ['benefits'] });
        void queryClient.invalidateQueries({ queryKey: ['contacts'] });
        void message.success('联系已登记');
      }}
      onClose={onClose}
    />
  );
}

/** From a list: the benefit read first, for the form it describes. */
export function ContactModalOf({ benefitId, onClose }: { benefitId: string; onClose: () => void }) {
  const benefit = useQuery({ queryKey: ['benefit', benefitId], queryFn: () => call(api.GET('/v1/benefits/{benefitId}', { params: { path: { benefitId } } })) });
  if (benefit.data?.contactForm) return <ContactModal benefitId={benefitId} form={benefit.data.contactForm} onClose={onClose} />;
  return (
    <Modal open title="登记联系" footer={null} onCancel={onClose}>
      {benefit.isError ? <QueryError compact error={benefit.error} what="待遇" retry={() => benefit.refetch()} /> : benefit.data ? '该待遇已停止，无需登记联系' : <Spin />}
    </Modal>
  );
}
