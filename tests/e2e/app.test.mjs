// End-to-end test of the real desktop app: the CLI prepares the default database, the
// app (built with the embedded UI) is started through tauri-driver + WebKitWebDriver,
// and the audit list is read from the window. Run by tests/e2e/run under Xvfb.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "target/debug/aktgranskning-app");
const CLI = path.join(ROOT, "target/debug/aktgranskning");
const SHOTS = path.join(ROOT, "target/e2e-screenshots");
const DATA = process.env.XDG_DATA_HOME;
assert.ok(DATA, "tests/e2e/run sets XDG_DATA_HOME to a scratch directory");
const DEFAULT_DB = path.join(DATA, "aktgranskning", "aktgranskning.sqlite3");

let driver;

function cli(...args) {
  // No --db: the CLI and the app must agree on the default database.
  return JSON.parse(execFileSync(CLI, ["--json", "--user", "e2e", ...args], { encoding: "utf8" }));
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.end();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} did not open`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// WebKit can hand out the previous frame right after the DOM changes: wait for two
// animation frames so the screenshot shows what the test just read.
async function screenshot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(150);
  await browser.saveScreenshot(path.join(SHOTS, name));
}

async function withApp(fn) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP } },
  });
  try {
    await fn(browser);
  } finally {
    await browser.deleteSession();
  }
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  driver = spawn("tauri-driver", [], { stdio: ["ignore", "inherit", "inherit"] });
  await waitForPort(4444, 20000);
});

after(() => {
  driver?.kill();
});

test("an empty database shows the empty state in Swedish", async () => {
  await withApp(async (browser) => {
    const empty = await browser.$('[data-testid="empty"]');
    await empty.waitForDisplayed({ timeout: 15000 });
    assert.match(await empty.getText(), /Det finns inga granskningar ännu/);
    assert.equal(await browser.getTitle(), "Aktgranskning");
    await screenshot(browser, "01-granskningar-tom.png");
  });
});

test("the app lists the audits the CLI created in the default database", async () => {
  const first = cli("audit", "new", "--unit", "Myndighet LSS", "--org", "Socialförvaltningen",
    "--board", "Socialnämnden", "--diarienr", "2023/SN 0123", "--date", "2023-09-01");
  const popFile = path.join(DATA, "population.csv");
  cli("demo", "population", "--count", "549", "--out", popFile);
  assert.equal(cli("import", "--audit", String(first.id), popFile).imported, 549);
  assert.equal(cli("sample", "draw", "--audit", String(first.id), "--seed", "20230901").sample_size, 165);
  cli("audit", "new", "--unit", "Barn och unga, LSS", "--org", "Vård- och omsorgsförvaltningen",
    "--board", "Vård- och omsorgsnämnden", "--diarienr", "2024/VON 0456", "--date", "2024-03-15");

  await withApp(async (browser) => {
    const table = await browser.$('[data-testid="audit-list"]');
    await table.waitForDisplayed({ timeout: 15000 });
    const rows = await browser.$$('[data-testid="audit-list"] tbody tr');
    assert.equal(rows.length, 2);
    // Newest first.
    const newest = await rows[0].getText();
    assert.match(newest, /Barn och unga, LSS/);
    assert.match(newest, /2024\/VON 0456/);
    assert.match(newest, /Planering/);
    const sampled = await rows[1].getText();
    assert.match(sampled, /Myndighet LSS/);
    assert.match(sampled, /2023\/SN 0123/);
    assert.match(sampled, /Granskning/);
    assert.match(sampled, /165 av 549 \(30 %\)/);
    assert.equal(await (await browser.$('[data-testid="db-path"]')).getText(), DEFAULT_DB);
    await screenshot(browser, "02-granskningar.png");
  });
});
