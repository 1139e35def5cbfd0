/**
 * An asynchronous invocation as Lambda runs one (SES's receipt action, SNS's delivery of SES
 * events): a failed attempt is invoked again, `retries` more times, at once rather than a minute
 * or two later (the virtual clock stands still meanwhile). An error `final` says no retry can
 * mend is not tried again.
 */
export async function invokeAsAsync<T>(
  invoke: () => Promise<T>,
  options: { retries: number; final?: (error: Error) => boolean; retrying?: (error: Error, attempt: number) => void },
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await invoke();
    } catch (error) {
      if (attempt > options.retries || options.final?.(error as Error)) throw error;
      options.retrying?.(error as Error, attempt);
    }
  }
}
