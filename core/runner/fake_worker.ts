/**
 * A stand-in worker for pool tests: doubles `value` after `steps` progress messages; `fail`
 * reports an error, `crash` throws outside any handler (the worker dies).
 */
export interface FakeJob {
  value: number;
  steps?: number;
  delayMs?: number;
  fail?: string;
  crash?: string;
}

const scope = self as unknown as {
  onmessage: (e: MessageEvent) => void;
  postMessage: (m: unknown) => void;
};

scope.onmessage = async (e: MessageEvent<{ id: number; job: FakeJob }>) => {
  const { id, job } = e.data;
  for (let s = 1; s <= (job.steps ?? 0); s++) {
    await new Promise((r) => setTimeout(r, job.delayMs ?? 0));
    scope.postMessage({ id, type: "step", step: s });
  }
  if (job.crash !== undefined) {
    setTimeout(() => {
      throw new Error(job.crash);
    }, 0);
    return;
  }
  if (job.fail !== undefined) scope.postMessage({ id, type: "error", message: job.fail });
  else scope.postMessage({ id, type: "done", result: job.value * 2 });
};
