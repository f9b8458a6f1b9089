// A refused or failed call as a sentence in the admin's language, chosen by the error code.
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { formatTime } from '../i18n';

export function errorSentence(error: unknown, t: (key: string, options?: Record<string, unknown>) => string, language: string): string {
  const code = error instanceof ApiError ? error.code : 'internal';
  const known = ['unauthorized', 'badCredentials', 'accountLocked', 'forbidden', 'csrfRejected', 'rateLimited', 'invalidRequest', 'notFound', 'usernameTaken', 'weakPassword', 'lastPublisher', 'alreadyCleared', 'clearsItself', 'notAllowed', 'staleStatus', 'noteRequired', 'unexpectedCertificate', 'unknownBundle', 'versionNotNewer', 'anotherRolloutActive', 'noTargets', 'wrongState', 'tooLarge', 'internal', 'network', 'badAnswer'];
  const until = error instanceof ApiError ? error.detail.lockedUntil : undefined;
  return t(`errors.${known.includes(code) ? code : 'internal'}`, { ns: 'common', time: formatTime(until ?? null, language) ?? '' });
}

export function ErrorNotice({ error, testId }: { readonly error: unknown; readonly testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid={testId ?? 'error'}>
      {errorSentence(error, t, i18n.language)}
    </p>
  );
}
