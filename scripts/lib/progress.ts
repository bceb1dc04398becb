/**
 * Study progress a person can follow: each active run with its epoch and ETA, the whole study
 * with done/total and ETA. The state and the text are pure (tested); ProgressView draws them,
 * redrawn in place at most 4 times a second on a terminal, as plain event lines otherwise.
 */

export interface ActiveRun {
  name: string;
  epochs: number;
  /** Completed fraction of this run, 0..1. */
  fraction: number;
  /** Epoch now running, 0-based. */
  epoch: number;
  startedMs: number;
  /** Relative cost of the whole run (ETA weights). */
  work: number;
}

/** "42s", "3m05s", "2h07m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Remaining seconds assuming the rate so far holds; undefined before there is a rate. */
export function etaSeconds(fraction: number, elapsedSeconds: number): number | undefined {
  if (!(fraction > 0) || elapsedSeconds <= 0) return undefined;
  return elapsedSeconds * (1 - Math.min(fraction, 1)) / fraction;
}

function eta(fraction: number, elapsed: number): string {
  const e = etaSeconds(fraction, elapsed);
  return e === undefined ? "ETA ?" : `ETA ${formatDuration(e)}`;
}

export class StudyProgress {
  readonly active = new Map<string, ActiveRun>();
  done = 0;
  failed = 0;
  private doneWork = 0;

  constructor(
    readonly totalRuns: number,
    readonly totalWork: number,
    readonly startedMs: number,
  ) {}

  start(name: string, epochs: number, work: number, nowMs: number) {
    this.active.set(name, { name, epochs, fraction: 0, epoch: 0, startedMs: nowMs, work });
  }

  /** Progress inside epoch `epoch` (0-based): `step` of `stepsPerEpoch` steps done. */
  step(name: string, epoch: number, step: number, stepsPerEpoch: number) {
    const run = this.active.get(name);
    if (run === undefined) return;
    run.epoch = epoch;
    run.fraction = Math.min(
      1,
      (epoch + Math.min(step, stepsPerEpoch) / stepsPerEpoch) / run.epochs,
    );
  }

  /** Epoch `epoch` (0-based) finished. */
  epochDone(name: string, epoch: number) {
    const run = this.active.get(name);
    if (run === undefined) return;
    run.epoch = Math.min(epoch + 1, run.epochs - 1);
    run.fraction = Math.min(1, (epoch + 1) / run.epochs);
  }

  /** A run ended (`work` given, since a run may fail before it ever started). */
  finish(name: string, ok: boolean, work: number) {
    this.doneWork += work;
    this.active.delete(name);
    this.done++;
    if (!ok) this.failed++;
  }

  /** Completed fraction of the study's work, counting partial progress of active runs. */
  studyFraction(): number {
    let work = this.doneWork;
    for (const run of this.active.values()) work += run.work * run.fraction;
    return this.totalWork > 0 ? work / this.totalWork : 1;
  }

  runLine(run: ActiveRun, nowMs: number): string {
    const pct = (run.fraction * 100).toFixed(0).padStart(3);
    const elapsed = (nowMs - run.startedMs) / 1000;
    return `  ${run.name}  epoch ${run.epoch + 1}/${run.epochs}  ${pct}%  ${
      eta(run.fraction, elapsed)
    }`;
  }

  studyLine(nowMs: number): string {
    const elapsed = (nowMs - this.startedMs) / 1000;
    if (this.totalRuns === 0) return "study: nothing to compute (every selected run is done)";
    const f = this.studyFraction();
    const failed = this.failed > 0 ? `, ${this.failed} failed` : "";
    return `study: ${this.done}/${this.totalRuns} runs done${failed}, ${(f * 100).toFixed(1)}%, ` +
      `elapsed ${formatDuration(elapsed)}, ${eta(f, elapsed)}`;
  }

  lines(nowMs: number): string[] {
    return [this.studyLine(nowMs), ...[...this.active.values()].map((r) => this.runLine(r, nowMs))];
  }
}

/** Draws a StudyProgress: in place on a TTY (throttled), plain lines when piped. */
export class ProgressView {
  private drawn = 0;
  private lastDraw = 0;
  private lastPlain = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly encoder = new TextEncoder();

  constructor(
    readonly progress: StudyProgress,
    readonly tty = Deno.stdout.isTerminal(),
    readonly minIntervalMs = 250,
    readonly plainIntervalMs = 30_000,
  ) {}

  private write(text: string) {
    Deno.stdout.writeSync(this.encoder.encode(text));
  }

  /** A permanent message (run finished, error): printed above the live block. */
  log(line: string) {
    if (this.tty) {
      this.clear();
      this.write(line + "\n");
      this.draw();
    } else {
      this.write(line + "\n");
    }
  }

  /** State changed: redraw soon (TTY) or, when piped, print a status line now and then. */
  update() {
    const now = Date.now();
    if (!this.tty) {
      if (now - this.lastPlain >= this.plainIntervalMs) {
        this.lastPlain = now;
        this.write(this.progress.lines(now).join("\n") + "\n");
      }
      return;
    }
    if (now - this.lastDraw >= this.minIntervalMs) this.draw();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.draw();
      }, this.minIntervalMs - (now - this.lastDraw));
    }
  }

  private clear() {
    // Cursor up over the previous block, then erase to the end of the screen.
    if (this.drawn > 0) this.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw() {
    this.lastDraw = Date.now();
    // A pseudo-terminal may report 0 columns: then do not cut at all.
    let cols = 0;
    try {
      cols = Deno.consoleSize().columns;
    } catch { /* not a console */ }
    if (cols < 20) cols = Infinity;
    const lines = this.progress.lines(this.lastDraw).map((l) =>
      l.length < cols ? l : l.slice(0, cols - 1)
    );
    this.clear();
    this.write(lines.join("\n") + "\n");
    this.drawn = lines.length;
  }

  /** Final state, and no pending redraw keeping the process alive. */
  close() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.tty) this.clear();
    this.write(this.progress.studyLine(Date.now()) + "\n");
  }
}
