import type { Payload } from '@temporalio/common';
import {
  defaultPayloadConverter,
  type ActivityInput,
  type GetLogAttributesInput,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from './messages.js';

// Workflow interceptors (bundled with the workflows): the request id of the API call that started the
// workflow or sent its latest step rides on to the activities it schedules and into its log lines, so
// one id follows a caseworker's request from the access log to the activity that wrote the read model.
// Headers are not commands: adding them changes nothing on replay.

/** The latest request's id header; a module per workflow run, so per case. */
let current: Payload | undefined;

function remember(headers: Record<string, Payload>): void {
  if (headers[REQUEST_ID_HEADER]) current = headers[REQUEST_ID_HEADER];
}


class Inbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    remember(input.headers);
    return next(input);
  }
  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    remember(input.headers);
    return next(input);
  }
  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    remember(input.headers);
    return next(input);
  }
}

function withRequestId<T extends { headers: Record<string, Payload> }>(input: T): T {
  return current ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: current } } : input;
}

class Outbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    return next(withRequestId(input));
  }
  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    return next(withRequestId(input));
  }
  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    const requestId = current && defaultPayloadConverter.fromPayload<string>(current);
    return next(requestId ? { ...input, requestId } : input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new Inbound()], outbound: [new Outbound()] });
