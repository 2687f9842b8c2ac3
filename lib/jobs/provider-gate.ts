/**
 * Resend's rate limit is per account, not per message: when one send is told to wait
 * (429 with retry-after), every send of this worker waits until then. A job whose retry
 * comes back early waits here; a wait longer than a job should hold its worker is a retry.
 */
let resumeAt = 0;

export function holdProvider(seconds: number): void {
  resumeAt = Math.max(resumeAt, Date.now() + seconds * 1000);
}

/** Resolves true once sends may go out, or false when that is more than `maxWaitMs` away. */
export async function providerReady(signal?: AbortSignal, maxWaitMs = 60_000): Promise<boolean> {
  const wait = resumeAt - Date.now();
  if (wait <= 0) return true;
  if (wait > maxWaitMs) return false;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, wait);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return !signal?.aborted;
}

/** The longest retry-after among send answers, if any. */
export function retryAfterOf(errors: { retry_after_seconds?: number }[]): number | undefined {
  const seconds = errors.map((e) => e.retry_after_seconds ?? 0).filter((s) => s > 0);
  return seconds.length ? Math.max(...seconds) : undefined;
}
