import { Alert, Result } from 'antd';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client';

/** A page's data that could not be read: an error, never an empty table. */
export function LoadError({ error, what }: { error: unknown; what: string }): ReactNode {
  const status = error instanceof ApiFailure ? error.status : 500;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 403) return <Result status="403" title={`无权查看${what}`} subTitle={detail} />;
  if (status === 404) return <Result status="404" title={`${what}不存在或无权查看`} subTitle={detail} />;
  if (status === 400) return <Alert type="error" showIcon title={`查询条件有误：${detail}`} />;
  return <Result status="error" title={`${what}暂时无法读取`} subTitle={detail} />;
}
