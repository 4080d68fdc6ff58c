// The dashboard, users and roles, the audit log and one's own password, in
// the real window: counts match what the vault holds, an admin adds a user
// who then signs in with the role given, changes a role and disables an
// account (the core refusing the disabled user), filters, verifies and
// exports the audit log (the file checked here), sets how dates are read
// (the library's dates follow), and a user changes their own password.
// Every screen is screenshotted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, openSignedIn, tempDir, tempVaultDir } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const NEW_USER_PASSWORD = "first-password-123";
const vault = tempVaultDir();
const work = tempDir("admin");
let session;
let stop;

before(async () => {
  const run = (args) => cli(vault, PASSWORD, args);
  run(["init", "--admin", "admin"]);
  const inbox = join(work, "inbox");
  mkdirSync(inbox);
  writeFileSync(join(inbox, "a.txt"), "CONSULTATION NOTE\nDate of Service: 11/20/2023\nChest pain on exertion.\n");
  writeFileSync(join(inbox, "b.txt"), "LABORATORY REPORT\nCollected: 03/05/2024\nGlucose 5.6 mg/dL\n");
  writeFileSync(join(inbox, "c.txt"), "Misc words.\n");
  writeFileSync(join(inbox, "broken.pdf"), "%PDF-1.4\n1 0 obj << /Type /Catalog");
  try {
    run(["--user", "admin", "ingest", inbox]);
  } catch {
    // broken.pdf fails; the others are added.
  }
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  await stop?.();
});

test("the dashboard counts what the vault holds and links to what needs attention", async () => {
  await session.show("dashboard");
  assert.equal(await session.waitForText('[data-testid="dash-documents"]'), "4 documents");
  assert.match(await session.text('[data-testid="dash-storage"]'), /^\d+(\.\d)? (kB|MB) on disk \(\d+ B of originals\)$/);
  assert.equal(await session.text('[data-testid="dash-queue"]'), "0 in progress");
  assert.equal(await session.text('[data-testid="dash-failed"]'), "1 file could not be read");
  const month = new Date().toISOString().slice(0, 7);
  assert.match(await session.text('[data-testid="dash-months"]'), new RegExp(`4\\s+${month}`));
  const typed = await session.execute(
    `return [...document.querySelectorAll('[data-testid="dash-types"] td.num')].reduce((a, td) => a + Number(td.textContent), 0);`,
  );
  assert.equal(typed, 3, "the three finished documents, by type");
  await session.screenshot("50-dashboard");
  await session.click('[data-testid="dash-failed"]');
  assert.equal(await session.waitForText('[data-testid="lib-total"]', (t) => t === "1 document"), "1 document");
  assert.match(await session.text('[data-testid="doc-failure"]'), /PDF/);
});

test("an admin sets how dates are read; the library and the document follow", async () => {
  const dates = `return [...document.querySelectorAll('[data-testid="doc-date"]')].map((e) => e.textContent).sort().join(" ");`;
  // The navigation leaves the Failed shelf the dashboard's link chose.
  await session.show("library");
  assert.equal(
    await session.waitFor(`return document.querySelector('[data-testid="shelf-ready"]')?.getAttribute("aria-selected") === "true";`),
    true,
  );
  // b.txt's `Collected: 03/05/2024` reads both ways; a.txt's 11/20/2023 one way only.
  assert.equal(await session.waitFor(dates), "2023-11-20 2024-03-05");
  await session.show("settings");
  await session.waitFor(`return document.querySelector('[data-testid="order-month-first"]')?.checked;`);
  assert.equal(await session.execute(`return document.querySelector('[data-testid="idle-minutes"]').value;`), "10");
  await session.click('[data-testid="order-day-first"]');
  // The bounds come from the core (60 s to 24 h).
  assert.equal(
    await session.text('[data-testid="idle-range"]'),
    "From 1 minute to 24 hours; applies from each user's next sign-in.",
  );
  for (const outside of ["0", "1441"]) {
    await session.setValue('[data-testid="idle-minutes"]', outside);
    assert.equal(await session.execute(`return document.querySelector('[data-testid="settings-save"]').disabled;`), true);
  }
  await session.setValue('[data-testid="idle-minutes"]', "15");
  await session.click('[data-testid="settings-save"]');
  assert.equal(
    await session.waitForText('[data-testid="settings-saved"]'),
    "Saved. The dates of 3 documents were read again.",
  );
  await session.screenshot("55-settings");
  await session.show("library");
  assert.equal(await session.waitFor(`const d = (() => { ${dates} })(); return d.includes("05-03") && d;`), "2023-11-20 2024-05-03");
  // The document view reads its dates the same way.
  await session.execute(
    `[...document.querySelectorAll('[data-testid="doc-row"]')]
       .find((r) => r.querySelector('[data-testid="doc-date"]')?.textContent === "2024-05-03").click();`,
  );
  const entity = `return [...document.querySelectorAll('[data-testid="entity-date"]')].map((e) => e.textContent).join(" ");`;
  assert.equal(await session.waitFor(entity), "2024-05-03");
  // Shown again as saved.
  await session.show("settings");
  await session.waitFor(`return document.querySelector('[data-testid="order-day-first"]')?.checked;`);
  assert.equal(await session.execute(`return document.querySelector('[data-testid="idle-minutes"]').value;`), "15");
});

test("an admin adds a user, changes a role and disables an account", async () => {
  await session.show("users");
  await session.waitFor(`return document.querySelectorAll('[data-testid="user-row"]').length === 1;`);
  await session.type('[data-testid="new-user"]', "mia");
  await session.setValue('[data-testid="new-role"]', "analyst");
  await session.type('[data-testid="new-password"]', NEW_USER_PASSWORD);
  await session.click('[data-testid="add-user"]');
  await session.waitFor(`return document.querySelector('[data-testid="user-row"][data-name="mia"]');`);
  assert.equal(
    await session.execute(`return document.querySelector('[data-testid="user-row"][data-name="mia"] select').value;`),
    "analyst",
  );
  // A too-short password is refused by the core with its reason.
  await session.type('[data-testid="new-user"]', "tom");
  await session.type('[data-testid="new-password"]', "short");
  await session.click('[data-testid="add-user"]');
  assert.match(await session.waitForText('[role="alert"]'), /password/i);
  assert.equal(await session.count('[data-testid="user-row"][data-name="tom"]'), 0);
  await session.setValue('[data-testid="user-row"][data-name="mia"] select', "manager");
  assert.equal(await session.waitForText('[role="status"]', (t) => t.includes("mia")), "mia is now manager.");
  await session.screenshot("51-users");
});

test("the new user signs in with the role given; a disabled one is refused by the core", async () => {
  await session.click('[data-testid="logout"]');
  assert.equal(await session.signIn("mia", NEW_USER_PASSWORD), "Signed in as mia (manager)");
  assert.equal(await session.count('[data-testid="nav-users"]'), 0, "a manager has no users screen");
  assert.equal(await session.count('[data-testid="nav-retention"]'), 1);
  // A manager sees the settings and cannot change them.
  await session.show("settings");
  await session.waitForText('[data-testid="settings-readonly"]');
  assert.equal(await session.count('[data-testid="settings-save"]'), 0);
  assert.equal(await session.execute(`return document.querySelector('[data-testid="order-day-first"]').matches(":disabled");`), true);
  await session.screenshot("56-settings-read-only");
  await session.click('[data-testid="logout"]');
  await session.signIn("admin", PASSWORD);
  await session.show("users");
  await session.waitFor(`return document.querySelector('[data-testid="user-row"][data-name="mia"] [data-testid="user-toggle"]');`);
  await session.click('[data-testid="user-row"][data-name="mia"] [data-testid="user-toggle"]');
  assert.equal(
    await session.waitForText('[data-testid="user-row"][data-name="mia"] [data-testid="user-state"]', (t) => t === "disabled"),
    "disabled",
  );
  await session.click('[data-testid="logout"]');
  await session.waitForText("h2", (t) => t === "Sign in");
  await session.type("#field-user", "mia");
  await session.type("#field-password", NEW_USER_PASSWORD);
  await session.click('[data-testid="sign-in"]');
  assert.match(await session.waitForText('[role="alert"]'), /disabled/i);
  await session.screenshot("52-disabled-user-refused");
  await session.signIn("admin", PASSWORD);
});

test("the audit log is filtered, verified and exported", async () => {
  await session.show("audit");
  await session.waitFor(`return document.querySelectorAll('[data-testid="audit-row"]').length > 5;`);
  await session.type('[data-testid="audit-action"]', "user.add");
  await session.click('[data-testid="audit-filter"]');
  await session.waitFor(
    `const a = [...document.querySelectorAll('[data-testid="audit-row-action"]')].map((e) => e.textContent);
     return a.length > 0 && a.every((x) => x === "user.add");`,
  );
  await session.click('[data-testid="audit-verify"]');
  assert.match(await session.waitForText('[data-testid="audit-verified"]'), /^Intact: all \d+ rows verified\.$/);
  await session.screenshot("53-audit");
  const out = join(work, "audit.csv");
  await session.type('[data-testid="audit-out"]', out);
  await session.click('[data-testid="audit-export"]');
  assert.match(await session.waitForText('[data-testid="audit-exported"]'), /^Wrote \d+ rows to /);
  const csv = readFileSync(out, "utf8").trim().split("\n");
  assert.equal(csv[0], "seq,time,user,action,resource,outcome,details");
  assert.ok(csv.length >= 2 && csv.slice(1).every((l) => l.split(",")[3] === "user.add"), csv.join("\n"));
});

test("a user changes their own password; the old one no longer opens the vault", async () => {
  const next = "a-brand-new-password-9";
  await session.show("account");
  await session.type('[data-testid="pw-current"]', PASSWORD);
  await session.type('[data-testid="pw-new"]', next);
  await session.type('[data-testid="pw-again"]', next);
  await session.click('[data-testid="pw-change"]');
  await session.waitForText('[data-testid="password-changed"]');
  await session.screenshot("54-password-changed");
  await session.click('[data-testid="logout"]');
  await session.waitForText("h2", (t) => t === "Sign in");
  await session.type("#field-user", "admin");
  await session.type("#field-password", PASSWORD);
  await session.click('[data-testid="sign-in"]');
  assert.match(await session.waitForText('[role="alert"]'), /password/i);
  assert.equal(await session.signIn("admin", next), "Signed in as admin (admin)");
});
