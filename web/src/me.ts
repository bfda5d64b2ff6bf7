import { useQuery } from '@tanstack/react-query';
import { api, call } from './api/client';
import { currentToken } from './auth';

// Who is signed in and what they may do, as the API says (GET /v1/me, from the rules it enforces): the
// console's menus, home page and buttons follow it, never a list of its own.

const fetchMe = () => call(api.GET('/v1/me'));
export type Me = Awaited<ReturnType<typeof fetchMe>>;
export type Capability = Me['capabilities'][number];
export type MenuKey = Me['menus'][number];

/** The signed-in person (one query per token). */
export const useMeQuery = () => useQuery({ queryKey: ['me', currentToken()], queryFn: fetchMe, staleTime: Infinity });

/** Whether the signed-in person may: the shell renders pages only once /v1/me has answered. */
export function useCan(): (capability: Capability) => boolean {
  const { data } = useMeQuery();
  return (capability) => data?.capabilities.includes(capability) ?? false;
}
