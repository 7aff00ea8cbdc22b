// Benchmarks of the desktop app (figures for the README, not pass/fail tests), through
// the real app under tauri-driver + WebKitWebDriver and Xvfb. Run by scripts/bench-app,
// which builds the release app and gives a scratch data directory.
//
// - cold start: a new app process until the first screen (the audit list) is drawn;
// - key press to answer committed (p50, p95), measured in the page with the User Timing
//   mark the review screen sets when the answer is stored;
// - the review with 10 000 sampled files: opening it, and key press to commit there;
// - resident memory of the app and its WebKit processes.
import { spawn, execFileSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, process.env.APP ?? "target/release/aktgranskning-app");
const CLI = path.join(ROOT, process.env.CLI ?? "target/release/aktgranskning");
const DATA = process.env.XDG_DATA_HOME;
if (!DATA) throw new Error("scripts/bench-app sets XDG_DATA_HOME to a scratch directory");

const cli = (...args) => JSON.parse(execFileSync(CLI, ["--json", "--user", "bench", ...args], { encoding: "utf8", maxBuffer: 1 << 28 }));
const ms = (x) => `${Math.round(x)} ms`;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function waitForPort(port) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20000;
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.end(), resolve()));
      s.once("error", () => (s.destroy(), Date.now() > deadline ? reject(new Error("no driver")) : setTimeout(attempt, 100)));
    };
    attempt();
  });
}

async function session() {
  return remote({ hostname: "127.0.0.1", port: 4444, logLevel: "error", capabilities: { "tauri:options": { application: APP } } });
}

async function waitMark(browser, name) {
  await browser.waitUntil(() => browser.execute((n) => performance.getEntriesByName(n).length > 0, name), { timeout: 60000, interval: 20 });
  return browser.execute((n) => performance.getEntriesByName(n)[0].startTime, name);
}

// Resident memory (MiB) of the app process and everything it started (WebKit's web and
// network processes).
function appMemory(alone = false) {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, rss, ...comm]) => ({ pid: +pid, ppid: +ppid, rss: +rss, comm: comm.join(" ") }));
  const app = rows.filter((r) => r.comm.startsWith("aktgranskning")).map((r) => r.pid);
  if (alone) return rows.filter((r) => app.includes(r.pid)).reduce((s, r) => s + r.rss, 0) / 1024;
  const all = new Set(app);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) if (all.has(r.ppid) && !all.has(r.pid)) (all.add(r.pid), (grew = true));
  }
  return rows.filter((r) => all.has(r.pid)).reduce((s, r) => s + r.rss, 0) / 1024;
}

// A database made with the CLI asks the app user's name on its first opening in the app
// (for the history); the benchmark answers once, before its first measured step.
async function passWelcome(browser) {
  const welcome = await browser.$('[data-testid="welcome"]');
  if (!(await welcome.isDisplayed())) return;
  await (await browser.$('[data-testid="welcome-name"]')).setValue("Bench");
  await (await browser.$('[data-testid="welcome-save"]')).click();
  await welcome.waitForDisplayed({ reverse: true, timeout: 15000 });
}

async function openReview(browser, auditId) {
  await passWelcome(browser);
  const open = await browser.$(`tr[data-audit-id="${auditId}"] button.link`);
  await open.waitForClickable({ timeout: 60000 });
  await open.click();
  const t0 = Date.now();
  // An audit under review opens on its Granskning tab; another is taken there.
  const tab = await browser.$('[data-testid="tab-granskning"]');
  if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
  await (await browser.$('[data-testid="checklist"]')).waitForDisplayed({ timeout: 120000 });
  return Date.now() - t0;
}

// Answers `files` files by keyboard, one key at a time as a person types, and returns the
// key-to-commit latencies.
async function answerByKeyboard(browser, files) {
  await browser.execute(() => performance.clearMeasures("aktgranskning:answer"));
  for (let f = 0; f < files; f++) {
    const na = await browser.execute(() => [...document.querySelectorAll('[data-testid="checklist"] .item')].map((e) => e.classList.contains("na")));
    for (const isNa of na) {
      const k = isNa ? "e" : "j";
      await browser.action("key").down(k).up(k).perform();
    }
    await browser.waitUntil(
      async () => /Klar/.test(await browser.execute(() => document.querySelector("[aria-current='true'][data-case]")?.textContent ?? "")),
      { timeout: 30000 },
    );
    await browser.action("key").down("a").up("a").perform();
    await browser.pause(200);
  }
  return browser.execute(() => performance.getEntriesByName("aktgranskning:answer").map((m) => m.duration));
}

function audit(unit, count) {
  const a = cli("audit", "new", "--unit", unit, "--org", "Förvaltningen", "--board", "Nämnden", "--diarienr", `B/${count}`, "--date", "2023-09-01");
  const file = path.join(DATA, `pop-${count}.csv`);
  cli("demo", "population", "--count", String(count), "--out", file);
  cli("import", "--audit", String(a.id), file);
  const s = cli("sample", "draw", "--audit", String(a.id), "--seed", "1");
  return { id: a.id, sample: s.sample_size };
}

const driver = spawn("tauri-driver", [], { stdio: "ignore" });
const rows = [];
let current = null;
try {
  await waitForPort(4444);
  cli("demo", "audit");
  const small = audit("Bench 549", 549);
  const large = audit("Bench 33 334", 33334);

  // Cold start, five times.
  const starts = [];
  const painted = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const b = await session();
    painted.push(await waitMark(b, "aktgranskning:first-screen"));
    starts.push(Date.now() - t0);
    await b.deleteSession();
  }
  rows.push(["cold start to the audit list (new process via WebDriver, median of 5)", ms(quantile(starts, 0.5))]);
  rows.push(["  of which page load to audit list drawn (in the page)", ms(quantile(painted, 0.5))]);

  // Key press to commit, 165-file audit.
  let b = await session();
  current = b;
  await waitMark(b, "aktgranskning:first-screen");
  rows.push(["open the review of 165 files", ms(await openReview(b, small.id))]);
  let lat = await answerByKeyboard(b, 4);
  rows.push([`key press → answer committed, 165 files (${lat.length} keys): p50`, ms(quantile(lat, 0.5))]);
  rows.push([`key press → answer committed, 165 files: p95`, ms(quantile(lat, 0.95))]);
  rows.push(["resident memory, review of 165 files open: app process / with its WebKit processes", `${Math.round(appMemory(true))} MiB / ${Math.round(appMemory())} MiB`]);
  await b.deleteSession();

  // The review with 10 000 sampled files.
  b = await session();
  current = b;
  await waitMark(b, "aktgranskning:first-screen");
  rows.push([`open the review of ${large.sample} files (list and first file drawn)`, ms(await openReview(b, large.id))]);
  lat = await answerByKeyboard(b, 3);
  rows.push([`key press → answer committed, ${large.sample} files (${lat.length} keys): p50`, ms(quantile(lat, 0.5))]);
  rows.push([`key press → answer committed, ${large.sample} files: p95`, ms(quantile(lat, 0.95))]);
  const before = await b.execute(() => document.querySelector("[aria-current='true'][data-case]")?.dataset.case);
  const t0 = Date.now();
  await b.action("key").down("a").up("a").perform();
  await browser_wait_next(b, before);
  rows.push([`next unfinished file (A) among ${large.sample}`, ms(Date.now() - t0)]);
  rows.push([`resident memory, review of ${large.sample} files open: app process / with its WebKit processes`, `${Math.round(appMemory(true))} MiB / ${Math.round(appMemory())} MiB`]);
  await b.deleteSession();
} catch (e) {
  console.error("benchmark stopped:", e.message);
  // What the window showed when it stopped, to see why.
  await current?.saveScreenshot(path.join(ROOT, "target", "bench-stopped.png")).catch(() => {});
  process.exitCode = 1;
} finally {
  driver.kill();
}

async function browser_wait_next(b, before) {
  const state = () =>
    b.execute(() => ({
      current: document.querySelector("[aria-current='true'][data-case]")?.dataset.case,
      focus: `${document.activeElement?.tagName} ${document.activeElement?.dataset?.testid ?? ""}`,
      error: document.querySelector('[data-testid="error"]')?.textContent ?? null,
      saved: document.querySelector('[data-testid="save-state"]')?.textContent ?? null,
    }));
  try {
    await b.waitUntil(async () => (await state()).current !== before, { timeout: 30000, interval: 10 });
  } catch (e) {
    throw new Error(`no next file after ${before}: ${JSON.stringify(await state())}`);
  }
}

console.log("| what (release build) | figure |");
console.log("|---|---|");
for (const [what, fig] of rows) console.log(`| ${what} | ${fig} |`);
