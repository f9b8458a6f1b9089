// React hooks over the typed client (TanStack Query): reads are cached by endpoint and input and
// can refresh on an interval; changes invalidate what they name. Pages use only these.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { EndpointDefinition, EndpointInput, EndpointOutput } from '../../api/endpoint';
import { call, type ApiError } from './client';

/** A read, keyed by endpoint and input; `refreshMs` re-reads it while the page is open. */
export function useEndpoint<E extends EndpointDefinition>(endpoint: E, input: EndpointInput<E>, options: { readonly refreshMs?: number; readonly enabled?: boolean } = {}): UseQueryResult<EndpointOutput<E>, ApiError> {
  return useQuery<EndpointOutput<E>, ApiError>({
    queryKey: [endpoint.name, input],
    queryFn: () => call(endpoint, input),
    placeholderData: keepPreviousData,
    ...(options.refreshMs ? { refetchInterval: options.refreshMs } : {}),
    ...(options.enabled === false ? { enabled: false } : {}),
  });
}

/** A change; on success the reads named in `invalidates` (endpoint names) are read again. */
export function useEndpointMutation<E extends EndpointDefinition>(endpoint: E, invalidates: readonly string[] = []) {
  const client = useQueryClient();
  return useMutation<EndpointOutput<E>, ApiError, EndpointInput<E>>({
    mutationFn: (input) => call(endpoint, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((name) => client.invalidateQueries({ queryKey: [name] })));
    },
  });
}
