// A smoke test of the installed package (scripts/install-test): the app installed by
// dpkg is started through tauri-driver + WebKitWebDriver, makes its key and a demo audit
// on first start, and shows it in the audit list; the installed CLI then reads the same
// database. Not the whole end-to-end suite again (tests/e2e/app.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import net from "node:net";
import { remote } from "webdriverio";

const APP = process.env.APP ?? "/usr/bin/aktgranskning-app";
const CLI = process.env.CLI ?? "/usr/bin/aktgranskning";
assert.ok(process.env.XDG_DATA_HOME, "scripts/install-test sets XDG_DATA_HOME to a scratch directory");

let driver;
before(async () => {
  driver = spawn("tauri-driver", [], { stdio: ["ignore", "inherit", "inherit"] });
  const deadline = Date.now() + 20000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const s = net.connect(4444, "127.0.0.1");
      s.once("connect", () => (s.end(), resolve(true)));
      s.once("error", () => (s.destroy(), resolve(false)));
    });
    if (open) break;
    assert.ok(Date.now() < deadline, "tauri-driver listens");
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(() => driver?.kill());

async function click(browser, id) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForClickable({ timeout: 15000 });
  await el.click();
}

test("the installed app starts, makes a demo audit and lists it; the installed CLI reads it", async () => {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP } },
  });
  try {
    // First start: the recovery code of the new key, then the user's name.
    await (await browser.$('[data-testid="recovery-code"]')).waitForDisplayed({ timeout: 20000 });
    await click(browser, "recovery-saved");
    await click(browser, "recovery-done");
    const name = await browser.$('[data-testid="welcome-name"]');
    await name.waitForDisplayed({ timeout: 15000 });
    await name.setValue("Installerad");
    await click(browser, "welcome-save");
    await click(browser, "create-demo");
    // The demo audit opens when it is made.
    const progress = await browser.$('[data-testid="review-progress"]');
    await browser.waitUntil(async () => /165 av 165 akter klara/.test(await progress.getText().catch(() => "")), {
      timeout: 90000,
      timeoutMsg: "the demo audit opens",
    });
    await (await browser.$("button=Granskningar")).click();
    const list = await browser.$('[data-testid="audit-list"]');
    await browser.waitUntil(async () => /Myndighet LSS \(demo\)/.test(await list.getText()), {
      timeout: 60000,
      timeoutMsg: "the audit list shows the demo audit",
    });
    assert.equal(await browser.getTitle(), "Aktgranskning");
  } finally {
    await browser.deleteSession().catch(() => undefined);
  }
  const audits = JSON.parse(execFileSync(CLI, ["--json", "audit", "list"], { encoding: "utf8" }));
  const demo = audits.find((a) => a.unit === "Myndighet LSS (demo)");
  assert.ok(demo, JSON.stringify(audits));
  assert.equal(demo.files_complete, 165);
  const check = JSON.parse(execFileSync(CLI, ["--json", "audit", "verify", "--audit", String(demo.id)], { encoding: "utf8" }));
  assert.equal(check.ok, true);
});
