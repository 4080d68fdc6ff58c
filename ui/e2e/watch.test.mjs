// Watched folders in the real window: the admin adds a folder, a file
// dropped into it becomes a searchable document with a notification, the
// folder vanishing (an unmounted share) shows a warning until it returns,
// and removing the folder stops the watch; a folder added with its own
// options (this folder only, files left in place, polled) keeps them. Every
// screen is screenshotted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, openSignedIn, tempDir, tempVaultDir } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const vault = tempVaultDir();
const root = tempDir("watch");
const inbox = join(root, "Scanner inbox");
let session;
let stop;

before(async () => {
  cli(vault, PASSWORD, ["init", "--admin", "admin"]);
  mkdirSync(inbox);
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  await stop?.();
});

const status = async (pred, ms = 30_000) => {
  await session.show("folders");
  return session.waitForText('[data-testid="watch-status"]', pred, ms);
};

test("the admin adds a folder and the status says it is watched", async () => {
  assert.equal(await status((t) => t.length > 0), "Not watching any folder");
  await session.type('[data-testid="watch-dir"]', inbox);
  await session.click('[data-testid="add-folder"]');
  assert.equal(await status((t) => t === "Watching 1 folder"), "Watching 1 folder");
  assert.equal(await session.text('[data-testid="watched-folder"] .dir'), inbox);
  assert.equal(
    await session.text('[data-testid="folder-options"]'),
    "with subfolders · files then moved to processed/ · duplicates moved to duplicates/",
  );
  await session.screenshot("20-watch-folder-added");
});

test("a file dropped into the folder becomes a searchable document, with a notification", async () => {
  writeFileSync(join(inbox, "echo.txt"), "ECHOCARDIOGRAM\nNormal left ventricular ejection fraction of 60 percent.\n");
  const toast = await session.waitForText('[data-testid="toast"]', (t) => t.includes("echo.txt"), 60_000);
  assert.equal(toast, "Added echo.txt");
  assert.match(await session.text('[data-testid="watch-activity"]'), /Added echo\.txt/);
  assert.ok(existsSync(join(inbox, "processed", "echo.txt")), "moved to processed/");
  await session.screenshot("21-watch-file-added");
  await session.search("ejection");
  assert.equal(await session.waitForText('[data-testid="search-total"]'), "1 document found");
  assert.equal(await session.text('[data-testid="hit-title"]'), "echo.txt");
});

test("a folder that disappears shows a warning until it comes back", async () => {
  const away = join(root, "unmounted");
  renameSync(inbox, away);
  const warned = await status((t) => t.includes("missing"));
  assert.equal(warned, `1 folder is missing: ${inbox}`);
  await session.screenshot("22-watch-folder-missing");
  renameSync(away, inbox);
  assert.equal(await status((t) => t === "Watching 1 folder"), "Watching 1 folder");
});

test("removing the folder stops the watch", async () => {
  await session.click('[data-testid="remove-folder"]');
  assert.equal(await status((t) => t === "Not watching any folder"), "Not watching any folder");
  await session.screenshot("23-watch-folder-removed");
});

test("a folder added with its own options keeps them: this folder only, files left in place, polled", async () => {
  const share = join(root, "Network share");
  mkdirSync(join(share, "Old"), { recursive: true });
  await session.show("folders");
  await session.type('[data-testid="watch-dir"]', share);
  await session.click('[data-testid="opt-recursive"]');
  await session.click('[data-testid="opt-poll"]');
  await session.setValue('[data-testid="opt-after"]', "leave");
  await session.click('[data-testid="add-folder"]');
  assert.equal(await status((t) => t === "Watching 1 folder"), "Watching 1 folder");
  assert.equal(
    await session.text('[data-testid="folder-options"]'),
    "this folder only · files left in place · duplicates moved to duplicates/ · checked every few seconds (network share)",
  );
  await session.screenshot("24-watch-folder-options");
  writeFileSync(join(share, "Old", "deep.txt"), "A file in a subfolder, not to be taken.\n");
  writeFileSync(join(share, "top.txt"), "DISCHARGE SUMMARY\nDischarged home in good condition.\n");
  await session.waitForText('[data-testid="toast"]', (t) => t.includes("top.txt"), 60_000);
  assert.ok(existsSync(join(share, "top.txt")), "left in place");
  assert.ok(!existsSync(join(share, "processed")), "nothing moved");
  // The subfolder's file became stable with top.txt; give the poller two more rounds.
  await new Promise((r) => setTimeout(r, 5_000));
  assert.doesNotMatch(await session.text('[data-testid="watch-activity"]'), /deep\.txt/);
  assert.ok(existsSync(join(share, "Old", "deep.txt")));
  await session.click('[data-testid="remove-folder"]');
  assert.equal(await status((t) => t === "Not watching any folder"), "Not watching any folder");
});
