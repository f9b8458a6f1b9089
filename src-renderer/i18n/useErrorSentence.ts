// Turns a failed call into the sentence the citizen reads, in the current language: the method's
// own error code when the core sent one it declares, else the completion code. Never the
// completion's `errorDescription`, which is English for technicians.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiError } from '../../src-common/api/envelope';
import type { MethodName } from '../../src-common/api';

export function errorSentence(t: TFunction, method: MethodName, error: Pick<ApiError, 'code' | 'errorCode' | 'params'>): string {
  const fallback = t(`errors:completion.${error.code}`);
  if (error.errorCode === undefined) return fallback;
  return t(`errors:methods.${method}.${error.errorCode}`, { ...error.params, defaultValue: fallback });
}

/** `(method, error) => sentence` for the component's current language. */
export function useErrorSentence(): (method: MethodName, error: Pick<ApiError, 'code' | 'errorCode' | 'params'>) => string {
  const { t } = useTranslation();
  return useCallback((method, error) => errorSentence(t, method, error), [t]);
}
