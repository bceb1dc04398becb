/**
 * A fixed-size pool of module Workers, one job at a time per worker.
 *
 * Protocol (see run_worker.ts): the pool posts `{ type: "run", id, job }`; the worker answers
 * any number of progress messages `{ id, type: <other> , ... }`, then exactly one
 * `{ id, type: "done", result }` or `{ id, type: "error", message }`. A worker that dies (an
 * uncaught error, a failed import) fails only its current job, with the error's message, and
 * is replaced. Results cannot depend on scheduling: each job is computed from its input alone.
 */

export interface PoolMessage {
  id: number;
  type: string;
  [key: string]: unknown;
}

interface Task<J, R> {
  id: number;
  job: J;
  onMessage: (msg: PoolMessage) => void;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

interface Slot<J, R> {
  worker: Worker;
  task?: Task<J, R>;
}

export class JobError extends Error {
  override name = "JobError";
}

export class WorkerPool<J, R> {
  private readonly slots: Slot<J, R>[] = [];
  private readonly queue: Task<J, R>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly workerUrl: URL, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`pool size = ${size}: expected an integer >= 1`);
    }
  }

  /** Queues a job; progress messages go to onMessage; resolves with the worker's result. */
  run(job: J, onMessage: (msg: PoolMessage) => void = () => {}): Promise<R> {
    if (this.closed) return Promise.reject(new JobError("pool is closed"));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, onMessage, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker; queued and running jobs fail. */
  close() {
    this.closed = true;
    for (const slot of this.slots) {
      slot.task?.reject(new JobError("pool closed while the job was running"));
      slot.worker.terminate();
    }
    for (const task of this.queue.splice(0)) task.reject(new JobError("pool closed"));
    this.slots.length = 0;
  }

  private dispatch() {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === undefined);
      if (slot === undefined && this.slots.length < this.size) slot = this.spawn();
      if (slot === undefined) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ type: "run", id: task.id, job: task.job });
    }
  }

  private spawn(): Slot<J, R> {
    const worker = new Worker(this.workerUrl, { type: "module" });
    const slot: Slot<J, R> = { worker };
    worker.onmessage = (e: MessageEvent<PoolMessage>) => {
      const msg = e.data;
      const task = slot.task;
      if (task === undefined || msg.id !== task.id) return; // stale message of a failed job
      if (msg.type === "done") {
        slot.task = undefined;
        task.resolve(msg.result as R);
        this.dispatch();
      } else if (msg.type === "error") {
        slot.task = undefined;
        task.reject(new JobError(String(msg.message)));
        this.dispatch();
      } else {
        task.onMessage(msg);
      }
    };
    const die = (message: string) => {
      const task = slot.task;
      slot.task = undefined;
      worker.terminate();
      this.slots.splice(this.slots.indexOf(slot), 1);
      task?.reject(new JobError(message));
      if (!this.closed) this.dispatch();
    };
    worker.onerror = (e: ErrorEvent) => {
      // Handled here: without preventDefault the worker's error would also kill this process.
      e.preventDefault();
      die(`worker crashed: ${e.message}`);
    };
    worker.onmessageerror = () => die("worker sent a message that could not be read");
    this.slots.push(slot);
    return slot;
  }
}
