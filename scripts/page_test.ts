/**
 * The results page in a real browser (headless Chromium through playwright-core): the page is
 * built from results/ into a temporary folder and opened from file:// with every non-file
 * request aborted. Chromium must be installed (/usr/bin/chromium, or MLPBENCH_CHROMIUM): without
 * it this test fails and says how to install it; .ci/run installs it. The default view's
 * screenshot is saved beside the page (its path is printed); MLPBENCH_UPDATE_SCREENSHOT=1 also
 * copies it to results/page.png, the picture the README shows.
 */
import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { RUN_CSV_COLUMNS } from "../core/csv.ts";
import { buildChartJobs } from "./lib/figures.ts";
import { loadResults } from "./lib/results_tree.ts";
import { loadTemplates } from "./lib/templates.ts";
import { buildPage } from "./lib/page/write_page.ts";

const CHROMIUM = Deno.env.get("MLPBENCH_CHROMIUM") ?? "/usr/bin/chromium";
const RESULTS = new URL("../results", import.meta.url).pathname;

async function chromiumPath(): Promise<string> {
  const st = await Deno.stat(CHROMIUM).catch(() => undefined);
  if (!st?.isFile) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: the results page test needs it. Install it ` +
        "(`apt-get install -y chromium`, as .ci/run does) or set MLPBENCH_CHROMIUM to a Chromium binary",
    );
  }
  return CHROMIUM;
}

/** Lines of the curve chart: one SVG path per run and curve. */
function lineCount(page: Page): Promise<number> {
  return page.locator("#chart svg g.curves_marks path").count();
}

/** Waits until the curve chart has `n` lines. */
async function waitForLines(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    `document.querySelectorAll("#chart svg g.curves_marks path").length === ${n}`,
  );
}

async function waitForChart(page: Page): Promise<void> {
  await page.waitForSelector("#chart svg g.role-frame", { timeout: 20_000 });
}

/** Visible rows of the runs table, by run id. */
function visibleRuns(page: Page): Promise<string[]> {
  return page.$$eval("#runs-body tr:not([hidden])", (trs) => trs.map((tr) => tr.dataset.run!));
}

async function pick(page: Page, ids: string[]): Promise<void> {
  await page.click("#clear");
  for (const id of ids) await page.check(`input[id="pick-${id}"]`);
}

Deno.test({
  name: "results page in Chromium: table, overlays, filter, hash, CSV, offline, no errors",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const executablePath = await chromiumPath();
    const tree = await loadResults(RESULTS);
    const { html } = await buildPage(
      RESULTS,
      tree,
      buildChartJobs(tree, await loadTemplates()),
      "results/",
    );
    const dir = await Deno.makeTempDir({ prefix: "mlpbench_page_" });
    await Deno.writeTextFile(`${dir}/index.html`, html);
    const url = `file://${dir}/index.html?renderer=svg`;
    const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
    const problems: string[] = [];
    const blocked: string[] = [];
    try {
      const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
      await context.route(/^(?!file:)/, (route) => {
        blocked.push(route.request().url());
        return route.abort();
      });
      context.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      context.on("weberror", (e) => problems.push(e.error().message));
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(url);
      await waitForChart(page);
      console.log(
        `page ${(html.length / 1e6).toFixed(2)} MB, chart drawn after ${
          Math.round(performance.now() - t0)
        } ms`,
      );

      await t.step("the table lists every run of the study", async () => {
        const ids = await visibleRuns(page);
        assert.deepEqual(ids, tree.runs.map((r) => r.spec.name));
        // Every run summary.csv lists (the study as computed) is in the table.
        assert.deepEqual([...ids].sort(), tree.summary!.map((r) => r.run).sort());
      });

      const three = ["one_hidden/gelu-hinge", "two_hidden/gelu-hinge", "sweep_lr/lr=0.1"];
      await t.step("selecting three runs draws three lines", async () => {
        await pick(page, three);
        await waitForLines(page, 3);
        assert.equal(await lineCount(page), 3);
        assert.match(await page.textContent("#runs-count") ?? "", /3 selected/);
      });

      await t.step("the filter narrows the table (words and /regex/)", async () => {
        await page.fill("#filter", "relu hinge");
        const words = await visibleRuns(page);
        assert.ok(words.length > 0 && words.length < tree.runs.length, String(words));
        assert.ok(words.every((id) => id.includes("relu") && id.includes("hinge")), String(words));
        await page.fill("#filter", "/^sweep_lr\\//");
        assert.deepEqual(
          await visibleRuns(page),
          tree.runs.filter((r) => r.section === "sweep_lr").map((r) => r.spec.name),
        );
        await page.fill("#filter", "");
        assert.equal((await visibleRuns(page)).length, tree.runs.length);
      });

      await t.step("the table and controls work from the keyboard", async () => {
        await page.focus(`input[id="pick-stability/relu-hinge-lr=0.1"]`);
        await page.keyboard.press("Space");
        await waitForLines(page, 4);
        await page.focus("#runs-head th[data-key=acc] button");
        await page.keyboard.press("Enter");
        assert.equal(
          await page.getAttribute("#runs-head th[data-key=acc]", "aria-sort"),
          "ascending",
        );
        await page.check(`input[id="pick-stability/relu-hinge-lr=0.1"]`); // already: no-op
        await page.uncheck(`input[id="pick-stability/relu-hinge-lr=0.1"]`);
      });

      await t.step("the URL hash round-trips a view", async () => {
        await pick(page, three);
        await page.check("input[name=metric][value=loss]");
        await page.check("input[name=src][value=window]");
        await page.check("#log");
        await waitForChart(page);
        const hash = await page.evaluate(() => location.hash);
        assert.match(hash, /metric=loss/);
        const other = await context.newPage();
        await other.goto(`${url}${hash}`);
        await waitForChart(other);
        assert.equal(await other.evaluate(() => location.hash), hash);
        assert.equal(await other.isChecked("input[name=metric][value=loss]"), true);
        assert.equal(await other.isChecked("#log"), true);
        assert.equal(await lineCount(other), 6);
        await other.close();
      });

      await t.step("the CSV download has the run CSV header", async () => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.click("#download-csv"),
        ]);
        const text = await Deno.readTextFile((await download.path())!);
        const [head, ...rows] = text.trimEnd().split("\n");
        assert.equal(head, `run,${RUN_CSV_COLUMNS.join(",")}`);
        const expected = three.reduce(
          (n, id) => n + tree.runs.find((r) => r.spec.name === id)!.rows.length,
          0,
        );
        assert.equal(rows.length, expected);
      });

      await t.step("a preset of each kind of figure, and the timing chart, draw", async () => {
        const ids = await page.$$eval("#preset option", (os) => os.map((o) => o.value));
        const kinds = [/\/acc-/, /\/panels-loss$/, /\/overlay-test_loss$/, /^depth\//, /^timing\//];
        for (const kind of kinds) {
          const id = ids.find((x) => kind.test(x));
          assert.ok(id, `no preset matches ${kind}`);
          await page.selectOption("#preset", id);
          await waitForChart(page);
        }
        assert.ok(await page.locator("#chart svg g.mark-rect").count() > 0, "timing bars");
        await page.selectOption("#preset", ids[1]);
        await page.click("#show-timing");
        await page.waitForSelector("#chart svg g.mark-rect");
      });

      await t.step("default view screenshot (test artifact)", async () => {
        const shot = await context.newPage();
        await shot.goto(`file://${dir}/index.html`);
        await shot.waitForSelector("#chart canvas");
        await shot.screenshot({ path: `${dir}/page.png` });
        console.log(`screenshot: ${dir}/page.png`);
        if (Deno.env.get("MLPBENCH_UPDATE_SCREENSHOT") === "1") {
          await Deno.copyFile(`${dir}/page.png`, `${RESULTS}/page.png`); // the README's picture
        }
        await shot.close();
      });

      assert.deepEqual(problems, [], "console errors");
      assert.deepEqual(blocked, [], "network requests (the page must need none)");
    } finally {
      await browser.close();
    }
  },
});
