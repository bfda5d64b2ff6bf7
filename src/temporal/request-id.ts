import { AsyncLocalStorage } from 'node:async_hooks';
import type { Next, WorkflowClientInterceptor, WorkflowSignalInput, WorkflowStartInput, WorkflowStartUpdateInput, WorkflowStartUpdateWithStartInput } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors, ActivityExecuteInput, GetLogAttributesInput, Next as WorkerNext } from '@temporalio/worker';
import { REQUEST_ID_HEADER } from '../workflows/messages.js';

/** The id of the API request being served (set per request by the API; see src/api/app.ts). */
export const requestIds = new AsyncLocalStorage<string>();

const withId = (headers: Record<string, Payload>, id: string) => ({ ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) });

function withRequestId<T extends { headers: Record<string, Payload> }>(input: T): T {
  const id = requestIds.getStore();
  return id ? { ...input, headers: withId(input.headers, id) } : input;
}

/** Client side: every start, step and signal carries the request's id to the workflow. */
export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>): Promise<string> {
    return next(withRequestId(input));
  }
  startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>) {
    return next(withRequestId(input));
  }
  /** A case start (Update-with-Start): the start and its registration Update both carry it. */
  startUpdateWithStart(input: WorkflowStartUpdateWithStartInput, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>) {
    const id = requestIds.getStore();
    return next(id ? { ...input, workflowStartHeaders: withId(input.workflowStartHeaders, id), updateHeaders: withId(input.updateHeaders, id) } : input);
  }
  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    return next(withRequestId(input));
  }
}

/** Worker side: an activity's log lines carry the id of the request that led to it. */
export function requestIdActivityInterceptors(): ActivityInterceptors {
  let requestId: string | undefined;
  const inbound: ActivityInboundCallsInterceptor = {
    execute(input: ActivityExecuteInput, next: WorkerNext<ActivityInboundCallsInterceptor, 'execute'>) {
      const header = input.headers[REQUEST_ID_HEADER];
      requestId = header ? defaultPayloadConverter.fromPayload<string>(header) : undefined;
      return next(input);
    },
  };
  return {
    inbound,
    outbound: {
      getLogAttributes: (input: GetLogAttributesInput, next) => next(requestId ? { ...input, requestId } : input),
    },
  };
}
