// Search in the real window: a vault filled from the command line with the
// committed scanned pages (rendered by shared/tools/make_pages.py and OCR'd
// by the pipeline) and two typed notes; the app finds them with the query
// language, shows highlighted snippets and facets, narrows by a facet, and
// says what is wrong with a bad query. Every screen is screenshotted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { cli, repoRoot, openSignedIn, tempDir, tempVaultDir, writeNotes } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const vault = tempVaultDir();
let session;
let stop;

const run = (args) => cli(vault, PASSWORD, args);

before(async () => {
  run(["init", "--admin", "admin"]);
  const inbox = tempDir("inbox");
  const fixtures = join(repoRoot, "crates", "medvault-core", "tests", "fixtures", "ocr");
  for (const name of ["fhir-labtext-1108.scan.jpg", "mtsamples-1127.scan.jpg"]) {
    copyFileSync(join(fixtures, name), join(inbox, name));
  }
  writeNotes(inbox);
  run(["--user", "admin", "ingest", inbox]);
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  await stop?.();
});

const searchFor = (query) => session.search(query);

async function hitTitles() {
  const els = await session.cmd("POST", "/elements", { using: "css selector", value: '[data-testid="hit-title"]' });
  const out = [];
  for (const el of els) out.push(await session.cmd("GET", `/element/${Object.values(el)[0]}/text`));
  return out.sort();
}

test("a word read by OCR from a scanned page finds it, with the match highlighted", async () => {
  await searchFor("difficile");
  assert.equal(await session.waitForText('[data-testid="search-total"]'), "1 document found");
  assert.deepEqual(await hitTitles(), ["fhir-labtext-1108.scan.jpg"]);
  const mark = await session.waitForText('[data-testid="hit-snippet"] mark');
  assert.match(mark, /difficile/i);
  await session.screenshot("10-search-ocr-word");
});

test("medical tokens, phrases, OR and dates work as typed", async () => {
  await searchFor("mg/dL K+");
  await session.waitForText('[data-testid="search-total"]', (t) => t === "1 document found");
  assert.deepEqual(await hitTitles(), ["lab.txt"]);
  await searchFor('"chest pain" OR "nerve conduction"');
  await session.waitForText('[data-testid="search-total"]', (t) => t === "2 documents found");
  assert.deepEqual(await hitTitles(), ["consult.txt", "mtsamples-1127.scan.jpg"]);
  await searchFor("date:2023..2024 -glucose");
  await session.waitForText('[data-testid="search-total"]', (t) => t === "1 document found");
  assert.deepEqual(await hitTitles(), ["consult.txt"]);
  await session.screenshot("11-search-query-language");
});

test("facets count the matches and a click narrows the query", async () => {
  await searchFor("a OR the OR of");
  const total = await session.waitForText('[data-testid="search-total"]', (t) => /^\d+ documents found$/.test(t));
  const n = Number(total.split(" ")[0]);
  assert.ok(n >= 3, total);
  const chip = await session.text('[data-testid="facet-year"]');
  await session.screenshot("12-search-facets");
  await session.click('[data-testid="facet-year"]');
  const year = chip.split(" ")[0];
  const narrowed = await session.waitForText('[data-testid="search-total"]', (t) => t !== total);
  assert.equal(narrowed, `${chip.split(" ")[1]} document${chip.split(" ")[1] === "1" ? "" : "s"} found`);
  const q = await session.cmd("GET", `/element/${await session.find('[data-testid="search-query"]')}/property/value`);
  assert.equal(q, `(a OR the OR of) year:${year}`);
});

test("a query that does not parse says what to fix", async () => {
  await searchFor('"chest pain');
  const err = await session.waitForText('[role="alert"]');
  assert.match(err, /not closed; add a "/);
  await session.screenshot("13-search-error");
});
