// The vault's life in the real window: first run (create the vault, save the
// recovery key), lock and unlock, sign out and in, restart; then the CLI
// checks what the app left in the vault. Every screen is screenshotted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { Session, appBinary, cli, startDriver, tempVaultDir } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
let driver;
let session;
const vault = tempVaultDir();

before(async () => {
  driver = await startDriver();
  session = await Session.open(driver, ["--vault", vault]);
});

after(async () => {
  await session?.close();
  driver?.stop();
});

test("the first-run screen names the vault folder chosen by the core", async () => {
  const shown = await session.waitForText('[data-testid="vault-path"]');
  assert.equal(shown, vault);
  assert.equal(await session.text("h2"), "Welcome to MedVault");
  await session.screenshot("01-first-run");
});

test("the version shown is the Rust crate's version, and About credits the OCR models", async () => {
  const cargoVersion = execFileSync(appBinary, ["--version"], { encoding: "utf8" }).trim().split(" ")[1];
  assert.equal(await session.waitForText('[data-testid="version"]'), `v${cargoVersion}`);
  await session.click("footer summary");
  const credit = await session.waitForText('[data-testid="credit"]');
  assert.match(credit, /Robert Knight.*CC BY-SA 4\.0/);
  await session.screenshot("01b-about");
  await session.click("footer summary");
});

test("a too-short password is refused by the core with its reason", async () => {
  await session.type("#field-admin", "admin");
  await session.type("#field-password", "short");
  await session.type("#field-repeat", "short");
  await session.click('[data-testid="create-vault"]');
  const err = await session.waitForText('[role="alert"]');
  assert.equal(err, "the password must have at least 10 characters");
  await session.screenshot("02-first-run-error");
});

test("creating the vault shows the recovery key once, behind 'I have saved it'", async () => {
  // The date order starts at the guess from the system's language; the admin picks day first.
  const guess = await session.execute(
    // (Under a bare C locale the tag is "C", which Intl refuses: month first.)
    `let p;
     try { p = new Intl.DateTimeFormat(navigator.language, {year: "numeric", month: "2-digit", day: "2-digit"}).formatToParts(new Date(2012, 4, 4)); }
     catch { return "month"; }
     const at = (t) => p.findIndex((x) => x.type === t);
     return at("month") < at("day") ? "month" : "day";`,
  );
  assert.equal(await session.execute(`return document.querySelector('[data-testid="order-${guess}-first"]').checked;`), true);
  await session.click('[data-testid="order-day-first"]');
  await session.type("#field-password", PASSWORD);
  await session.type("#field-repeat", PASSWORD);
  await session.click('[data-testid="create-vault"]');
  const key = await session.waitForText('[data-testid="recovery-key"]');
  assert.match(key, /^([0-9A-F]{4}-){15}[0-9A-F]{4}$/);
  await session.screenshot("03-recovery-key");
  const disabled = await session.cmd("GET", `/element/${await session.find('[data-testid="recovery-done"]')}/enabled`);
  assert.equal(disabled, false);
  await session.click('[data-testid="saved-check"]');
  await session.click('[data-testid="recovery-done"]');
  const who = await session.waitForText('[data-testid="signed-in"]');
  assert.equal(who, "Signed in as admin (admin)");
  assert.equal(
    await session.waitForText('[data-testid="empty-library"]'),
    "No documents yet. Add files or watch a scanner folder.",
  );
  await session.screenshot("04-home-empty");
});

test("lock, a wrong password, then unlock", async () => {
  await session.click('[data-testid="lock"]');
  assert.equal(await session.waitForText('[data-testid="locked-user"]'), "admin");
  await session.type("#field-password", "not-the-password");
  await session.click('[data-testid="sign-in"]');
  assert.equal(await session.waitForText('[role="alert"]'), "wrong password for user 'admin'");
  await session.screenshot("05-locked-wrong-password");
  await session.type("#field-password", PASSWORD);
  await session.click('[data-testid="sign-in"]');
  assert.equal(await session.waitForText('[data-testid="signed-in"]'), "Signed in as admin (admin)");
});

test("sign out, then sign in again", async () => {
  await session.click('[data-testid="logout"]');
  await session.waitForText("h2", (t) => t === "Sign in");
  await session.screenshot("06-sign-in");
  await session.type("#field-user", "nobody");
  await session.type("#field-password", PASSWORD);
  await session.click('[data-testid="sign-in"]');
  assert.equal(await session.waitForText('[role="alert"]'), "unknown user 'nobody'");
  await session.type("#field-user", "admin");
  await session.click('[data-testid="sign-in"]');
  assert.equal(await session.waitForText('[data-testid="signed-in"]'), "Signed in as admin (admin)");
});

test("after a restart the app asks to sign in to the existing vault", async () => {
  await session.close();
  session = await Session.open(driver, ["--vault", vault]);
  await session.waitForText("h2", (t) => t === "Sign in");
  await session.type("#field-user", "admin");
  await session.type("#field-password", PASSWORD);
  await session.click('[data-testid="sign-in"]');
  assert.equal(await session.waitForText('[data-testid="signed-in"]'), "Signed in as admin (admin)");
  await session.screenshot("07-home-after-restart");
  await session.close();
  session = null;
});

test("the vault the app made verifies from the command line, with every step audited", async () => {
  const run = (args) => cli(vault, PASSWORD, ["--user", "admin", ...args]);
  // The closed window's process may take a moment to exit and release the vault.
  const deadline = Date.now() + 15_000;
  let verified;
  for (;;) {
    try {
      verified = run(["audit", "verify"]);
      break;
    } catch (e) {
      if (!String(e.stderr).includes("open in another MedVault process") || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  assert.match(verified, /^audit log intact: \d+ rows verified/);
  const rows = JSON.parse(run(["audit", "list", "--json"]));
  const seen = rows.map((r) => `${r.action}:${r.outcome}`);
  assert.equal(rows.find((r) => r.action === "vault.create").details.date_order, "day_first");
  assert.equal(JSON.parse(run(["settings", "--json"])).date_order, "day_first");
  for (const want of ["vault.create:success", "lock:success", "login:failure", "logout:success", "login:success"]) {
    assert.ok(seen.includes(want), `${want} in ${seen.join(", ")}`);
  }
});
