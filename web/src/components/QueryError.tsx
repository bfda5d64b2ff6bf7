import { Alert, Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client';

/**
 * Data that could not be read, shown as the error it is — never an empty table or 暂无数据: the API's own
 * (Chinese) message under a title saying what could not be read and why.
 */
export function QueryError({ error, what, retry, compact }: { error: unknown; what: string; retry?: () => unknown; compact?: boolean }): ReactNode {
  const status = error instanceof ApiFailure ? error.status : 0;
  const detail = error instanceof Error ? error.message : String(error);
  const title =
    status === 403 ? `无权查看${what}` : status === 404 ? `${what}不存在或无权查看` : status === 400 ? `查询${what}的条件有误` : status >= 500 || status === 0 ? `${what}暂时无法读取` : `无法读取${what}`;
  const again = retry && status !== 403 && status !== 404 ? <Button onClick={() => void retry()}>重试</Button> : undefined;
  if (compact || status === 400) return <Alert type="error" showIcon role="alert" title={title} description={detail} action={again} />;
  return <Result status={status === 403 ? '403' : status === 404 ? '404' : 'error'} title={title} subTitle={detail} extra={again} />;
}
