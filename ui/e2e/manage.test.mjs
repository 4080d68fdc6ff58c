// Retention and backup in the real window: documents past their date are
// shown when the home screen opens and purged only after confirming; an
// admin backs up while the app runs, and the CLI verifies the file.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, openSignedIn, tempDir, tempVaultDir } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const vault = tempVaultDir();
let session;
let stop;

before(async () => {
  const run = (args) => cli(vault, PASSWORD, args);
  run(["init", "--admin", "admin"]);
  const inbox = tempDir("retention");
  writeFileSync(join(inbox, "old-referral.txt"), "Referral letter from 2012 to orthopaedics");
  writeFileSync(join(inbox, "current-plan.txt"), "Care plan for this year: physiotherapy twice weekly");
  run(["--user", "admin", "ingest", inbox]);
  const listed = JSON.parse(run(["--user", "admin", "list", "--json"]));
  const old = listed.find((d) => d.file_name === "old-referral.txt").id;
  run(["--user", "admin", "retention", "set", String(old), "--until", "2020-01-01"]);
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  await stop?.();
});

test("documents past their date are counted at sign-in and listed under Retention", async () => {
  assert.equal(await session.waitForText('[data-testid="due-badge"]'), "1");
  await session.show("retention");
  assert.equal(
    await session.waitForText('[data-testid="retention-due"]'),
    "1 document is past its retention date.",
  );
  assert.match(await session.text('[data-testid="due-doc"]'), /^old-referral\.txt due 2020-01-01$/);
  await session.screenshot("30-retention-due");
});

test("a purge needs a second confirmation, then the document is gone", async () => {
  await session.click('[data-testid="purge"]');
  await session.screenshot("31-retention-confirm");
  await session.click('[data-testid="purge-confirm"]');
  assert.equal(await session.waitForText('[data-testid="purge-result"]'), "Purged 1 document");
  assert.equal(await session.waitForText('[data-testid="retention-none"]'), "Nothing is past its retention date.");
  await session.show("library");
  const rows = () => session.cmd("POST", "/elements", { using: "css selector", value: '[data-testid="doc-row"]' });
  const deadline = Date.now() + 10_000;
  while ((await rows()).length !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal((await rows()).length, 1);
  await session.search("orthopaedics");
  await session.screenshot("dbg-search");
  assert.equal(await session.waitForText('[data-testid="search-total"]'), "0 documents found");
  await session.screenshot("32-retention-purged");
});

test("an admin backs up while the app runs, and the file verifies from the command line", async () => {
  const out = join(tempDir("backup"), "vault.mvbackup");
  await session.show("backup");
  await session.type('[data-testid="backup-out"]', out);
  await session.click('[data-testid="backup-go"]');
  const done = await session.waitForText('[data-testid="backup-result"]');
  assert.match(done, /^Backed up 1 document \(\d+\.\d MB\) to /);
  await session.screenshot("33-backup-done");
  const verified = cli(vault, PASSWORD, ["--user", "admin", "backup", "verify", out]);
  assert.match(verified, /^backup intact: 1 documents, \d+ files/);
});
