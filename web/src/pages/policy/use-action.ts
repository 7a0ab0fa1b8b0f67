import { useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';

/**
 * A page's write action: `run(work, done)` shows `done` on success (then calls `after`), the API's
 * message on failure, and `busy` while it runs.
 */
export function useAction(after?: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function run(work: () => Promise<unknown>, done: string): Promise<void> {
    setBusy(true);
    try {
      await work();
      message.success(done);
      after?.();
    } catch (failure) {
      message.error(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}
