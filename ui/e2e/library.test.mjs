// The library, the document view and adding files, in the real window, on a
// vault filled from the command line with real scanned pages (rendered by
// shared/tools/make_pages.py and committed as fixtures; two of them joined
// into a two-page image-only PDF here), typed notes and a damaged PDF. Then
// a viewer: no edit, export or delete controls, and the core refuses the
// delete when the command is called anyway. Every screen is screenshotted.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cliBinary, openSignedIn, repoRoot, tempDir, tempVaultDir, writeNotes } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const VIEWER_PASSWORD = "viewer-horse-battery";
const vault = tempVaultDir();
const inbox = tempDir("library");
const fixtures = join(repoRoot, "crates", "medvault-core", "tests", "fixtures", "ocr");
let session;
let stop;

function run(args, input = `${PASSWORD}\n`) {
  return execFileSync(cliBinary, ["--vault", vault, "--password-stdin", ...args], {
    input,
    encoding: "utf8",
    timeout: 300_000,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

before(async () => {
  run(["init", "--admin", "admin"]);
  run(["--user", "admin", "user", "add", "vera", "--role", "viewer"], `${PASSWORD}\n${VIEWER_PASSWORD}\n`);
  copyFileSync(join(fixtures, "fhir-labtext-1108.scan.jpg"), join(inbox, "lab-scan.jpg"));
  // Two scanned pages as one image-only PDF, as a scanner writes it.
  // Debian's python3-pil is installed for /usr/bin/python3 (scripts/lib.sh).
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  execFileSync(python, [
    "-c",
    "import sys; from PIL import Image; a, b, out = sys.argv[1:]; " +
      "Image.open(a).convert('L').save(out, save_all=True, append_images=[Image.open(b).convert('L')], resolution=150)",
    join(fixtures, "mtsamples-1127.scan.jpg"),
    join(fixtures, "fhir-labtext-1108.scan.jpg"),
    join(inbox, "two-pages.pdf"),
  ]);
  writeNotes(inbox);
  const pdf = readFileSync(join(inbox, "two-pages.pdf"));
  writeFileSync(join(inbox, "broken.pdf"), pdf.subarray(0, Math.floor(pdf.length / 3)));
  try {
    run(["--user", "admin", "ingest", inbox]);
  } catch (e) {
    // The damaged PDF makes ingest exit 1 after doing the rest.
    assert.match(String(e.stdout), /failed\s.*broken\.pdf/, String(e.stderr));
  }
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  await stop?.();
});

const total = (pred) => session.waitForText('[data-testid="lib-total"]', pred);
const titles = () =>
  session.execute(`return [...document.querySelectorAll('[data-testid="doc-title"]')].map((e) => e.textContent);`);
const openDoc = async (title) => {
  await session.waitFor(
    `return [...document.querySelectorAll('[data-testid="doc-title"]')].some((e) => e.textContent === arguments[0]);`,
    [title],
  );
  await session.execute(
    `[...document.querySelectorAll('[data-testid="doc-row"]')].find((b) => b.querySelector('[data-testid="doc-title"]').textContent === arguments[0]).click();`,
    [title],
  );
  await session.waitForText('[data-testid="doc-heading"]', (t) => t === title);
};
/** Each file's name and state on the add screen. */
const addRows = () =>
  session.execute(
    `return [...document.querySelectorAll('[data-testid="add-row"]')].map((r) => r.querySelector(".name").textContent + ": " + r.querySelector('[data-testid="add-state"]').textContent);`,
  );
const back = async () => {
  await session.click('[data-testid="doc-back"]');
  await total((t) => /documents?$/.test(t));
};

test("the library lists the documents with type, date and thumbnails; filters, sorting and the grid", async () => {
  assert.equal(await total((t) => t === "4 documents"), "4 documents");
  assert.equal(await session.text('[data-testid="shelf-failed"] .n'), "1");
  assert.deepEqual((await titles()).sort(), ["consult.txt", "lab-scan.jpg", "lab.txt", "two-pages.pdf"]);
  // Thumbnails of the scans come decrypted through the app's protocol.
  const thumbs = await session.waitFor(
    `const imgs = [...document.querySelectorAll('[data-testid="doc-row"] img')];
     return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0) && imgs.length;`,
    [],
    20_000,
    "two thumbnails",
  );
  assert.equal(thumbs, 2);
  assert.match(await session.execute(`return document.querySelector('[data-testid="doc-row"] img').src;`), /^medvault:|medvault\.localhost/);
  await session.screenshot("40-library-list");

  // Words and dates in the query language.
  await session.type('[data-testid="lib-words"]', "metformin OR glucose");
  await session.click('[data-testid="lib-apply"]');
  assert.equal(await total((t) => t === "2 documents"), "2 documents");
  await session.setValue('[data-testid="lib-from"]', "2024-01-01");
  assert.equal(await total((t) => t === "1 document"), "1 document");
  assert.deepEqual(await titles(), ["lab.txt"]);
  await session.screenshot("41-library-filtered");
  await session.setValue('[data-testid="lib-from"]', "");
  await session.type('[data-testid="lib-words"]', "");
  await session.click('[data-testid="lib-apply"]');
  await total((t) => t === "4 documents");

  // Sorted by title, A to Z.
  await session.setValue('[data-testid="lib-sort"]', "title");
  await session.click('[data-testid="lib-direction"]');
  await session.waitFor(
    `const t = [...document.querySelectorAll('[data-testid="doc-title"]')].map((e) => e.textContent);
     return t.length === 4 && t[0] === "consult.txt" && t[3] === "two-pages.pdf";`,
  );
  // By type: the list offers the types found, with their counts.
  const types = await session.execute(
    `return [...document.querySelectorAll('[data-testid="lib-type"] option')].filter((o) => o.value).map((o) => [o.value, o.textContent]);`,
  );
  assert.ok(types.length >= 1, JSON.stringify(types));
  const [value, label] = types[types.length - 1];
  const count = Number(label.match(/\((\d+)\)$/)[1]);
  await session.setValue('[data-testid="lib-type"]', value);
  const want = `${count} document${count === 1 ? "" : "s"}`;
  assert.equal(await total((t) => t === want), want);
  await session.waitFor(
    `return [...document.querySelectorAll('[data-testid="doc-type"]')].every((e) => e.textContent === arguments[0]);`,
    [value.replaceAll("_", " ")],
  );
  await session.setValue('[data-testid="lib-type"]', "");
  await total((t) => t === "4 documents");

  await session.click('[data-testid="view-grid"]');
  await session.waitFor(`return document.querySelectorAll('.grid [data-testid="doc-row"]').length === 4;`);
  await session.screenshot("42-library-grid");
  await session.click('[data-testid="view-list"]');
});

test("the failed shelf shows the damaged file with its reason", async () => {
  await session.click('[data-testid="shelf-failed"]');
  assert.equal(await total((t) => t === "1 document"), "1 document");
  assert.match(await session.waitForText('[data-testid="doc-failure"]'), /damaged PDF/);
  await session.screenshot("43-library-failed");
  await session.click('[data-testid="shelf-ready"]');
  await total((t) => t === "4 documents");
});

test("a scanned document opens on its pages, with zoom, OCR text, find and entities", async () => {
  await openDoc("two-pages.pdf");
  const shown = await session.waitFor(
    `const i = document.querySelector('[data-testid="page-image"]'); return i && i.complete && i.naturalWidth > 0 && i.naturalWidth;`,
  );
  assert.ok(shown > 500, `page 1 is ${shown} px wide`);
  assert.equal(await session.text('[data-testid="page-number"]'), "Page 1 of 2");
  await session.click('[data-testid="zoom-in"]');
  assert.equal(await session.text('[data-testid="zoom"]'), "125%");
  await session.click('[data-testid="page-next"]');
  assert.equal(await session.text('[data-testid="page-number"]'), "Page 2 of 2");
  await session.waitFor(
    `const i = document.querySelector('[data-testid="page-image"]'); return i.src.endsWith("2") && i.complete && i.naturalWidth > 0;`,
  );
  // Page 2 is the lab printout; OCR read "difficile" on it.
  assert.match(await session.text('[data-testid="doc-text"]'), /difficile/i);
  await session.type('[data-testid="find-text"]', "difficile");
  assert.match(await session.waitForText('[data-testid="find-count"]'), /^[1-9]\d* found$/);
  assert.match(await session.text('[data-testid="doc-text"] mark'), /difficile/i);
  await session.screenshot("44-document-scan");
  await back();

  await openDoc("lab.txt");
  assert.equal(await session.waitForText('[data-testid="entity-patient"]'), "Ann Lee");
  assert.equal(await session.text('[data-testid="entity-date"]'), "2024-03-05");
  assert.equal(await session.count('[data-testid="page-image"]'), 0);
  assert.match(await session.text('[data-testid="doc-text"]'), /Glucose 5\.6 mg\/dL/);
  // Lab results with unit and flag, read from the text.
  assert.equal(await session.count('[data-testid="entity-lab"]'), 2);
  assert.match(await session.text('[data-testid="entity-lab"]:nth-child(2)'), /Potassium K\+\s*3\.1\s*L/);
  await session.screenshot("45-document-text");
  await back();

  await openDoc("consult.txt");
  assert.equal(await session.waitForText('[data-testid="entity-medication"]'), "metformin · 500 mg · twice daily");
  await back();
});

test("details, type and retention are edited; search follows at once", async () => {
  await openDoc("lab.txt");
  await session.type('[data-testid="edit-title"]', "Ann Lee glucose panel");
  await session.type('[data-testid="edit-tags"]', "diabetes, follow-up");
  await session.type('[data-testid="edit-notes"]', "Repeat in three months");
  await session.setValue('[data-testid="edit-type"]', "lab_result_report");
  await session.setValue('[data-testid="edit-retain"]', "2040-01-31");
  await session.click('[data-testid="edit-save"]');
  await session.waitForText('[data-testid="doc-heading"]', (t) => t === "Ann Lee glucose panel");
  assert.match(await session.text('[data-testid="document-view"]'), /lab result report/);
  assert.doesNotMatch(await session.text('[data-testid="doc-heading"] + .sub'), /needs review/, "a person settled the type");
  assert.equal(
    await session.execute(`return document.querySelector('[data-testid="edit-retain"]').value;`),
    "2040-01-31",
  );
  await session.screenshot("46-document-edited");
  await back();
  await session.search('tag:diabetes type:lab_result_report "glucose panel"');
  assert.equal(await session.waitForText('[data-testid="search-total"]'), "1 document found");
  // A hit opens the document with the search words marked in its text.
  await session.click('[data-testid="hit-title"]');
  await session.waitForText('[data-testid="doc-heading"]', (t) => t === "Ann Lee glucose panel");
  await session.show("library");
});

test("delete asks first, then the document is gone", async () => {
  await openDoc("consult.txt");
  await session.click('[data-testid="delete"]');
  assert.match(await session.waitForText('[role="alert"]'), /Delete “consult\.txt” for good\?/);
  await session.screenshot("47-document-delete-confirm");
  await session.click('[data-testid="delete-confirm"]');
  assert.equal(await total((t) => t === "3 documents"), "3 documents");
  assert.ok(!(await titles()).includes("consult.txt"));
});

test("files added by path show their progress and how each ended", async () => {
  await session.show("add");
  const note = join(inbox, "new-note.txt");
  writeFileSync(note, "PROGRESS NOTE\nDate of Service: 02/02/2025\nPatient improving on physiotherapy.\n");
  await session.type('[data-testid="add-path"]', note);
  await session.click('[data-testid="add-go"]');
  await session.waitFor(`return [...document.querySelectorAll('[data-testid="add-row"]')].some((r) => r.dataset.status === "done");`);
  assert.deepEqual(await addRows(), ["new-note.txt: Added (1 page)"]);
  const program = join(inbox, "setup.pdf");
  writeFileSync(program, Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 7)]));
  await session.type('[data-testid="add-path"]', program);
  await session.click('[data-testid="add-go"]');
  await session.waitFor(`return document.querySelector('[data-testid="add-row"][data-status="failed"]');`);
  const [, failed] = await addRows();
  assert.match(failed, /^setup\.pdf: Failed: .*Windows program/);
  assert.equal(await session.text('[data-testid="add-count"]'), "2 of 2 finished");
  assert.ok(readFileSync(program).subarray(0, 2).toString() === "MZ", "the refused file is untouched");
  await session.screenshot("48-add-files");
  await session.show("library");
  assert.equal(await total((t) => t === "4 documents"), "4 documents");
});

test("files and a folder dragged from the desktop onto the window in any section are added", async () => {
  await session.show("library");
  const dropped = join(inbox, "dropped-note.txt");
  writeFileSync(dropped, "DISCHARGE SUMMARY\nAdmission date: 01/10/2025\nDischarged home in good condition.\n");
  const folder = join(inbox, "dropped-folder");
  mkdirSync(folder);
  writeFileSync(join(folder, "folder-note.txt"), "CONSULTATION NOTE\nDate of Service: 03/03/2025\nReferred for knee pain.\n");
  // A real X drag and drop (XDND), as a file manager makes it: the window's
  // toolkit receives it, and Tauri turns it into the drop event.
  await session.dropFiles([dropped, folder]);
  await session.waitFor(`const n = document.querySelector('[data-testid="nav-add"]'); return n && n.getAttribute("aria-current") === "page";`);
  for (const name of ["dropped-note.txt", "folder-note.txt"]) {
    await session.waitFor(
      `return [...document.querySelectorAll('[data-testid="add-row"]')].some((r) => r.textContent.includes(${JSON.stringify(name)}) && r.dataset.status === "done");`,
    );
  }
  await session.screenshot("48b-add-dropped");
  await session.show("library");
  assert.equal(await total((t) => t === "6 documents"), "6 documents");
});

test("the library is used from the keyboard: arrows move, Enter opens, Escape goes back", async () => {
  await session.show("library");
  await total((t) => t === "6 documents");
  await session.execute(`document.querySelector('[data-testid="doc-row"][data-index="0"]').focus();`);
  const key = (k) =>
    session.cmd("POST", "/actions", { actions: [{ type: "key", id: "kbd", actions: [{ type: "keyDown", value: k }, { type: "keyUp", value: k }] }] });
  await key("\uE015"); // ArrowDown
  await key("\uE015");
  assert.equal(await session.execute(`return document.activeElement.dataset.index;`), "2");
  const title = await session.execute(`return document.activeElement.querySelector('[data-testid="doc-title"]').textContent;`);
  await key("\uE007"); // Enter
  assert.equal(await session.waitForText('[data-testid="doc-heading"]', (t) => t === title), title);
  await key("\uE00C"); // Escape
  await total((t) => t === "6 documents");
});

test("a viewer sees no edit, export or delete controls, and the core refuses a delete anyway", async () => {
  await session.click('[data-testid="logout"]');
  await session.signIn("vera", VIEWER_PASSWORD);
  assert.equal(await session.count('[data-testid="nav-add"]'), 0);
  assert.equal(await session.count('[data-testid="nav-backup"]'), 0);
  await total((t) => t === "6 documents");
  await openDoc("lab-scan.jpg");
  await session.waitFor(`const i = document.querySelector('[data-testid="page-image"]'); return i && i.naturalWidth > 0;`);
  for (const control of ["edit-save", "edit-title", "export-go", "delete"]) {
    assert.equal(await session.count(`[data-testid="${control}"]`), 0, control);
  }
  await session.screenshot("49-viewer-document");
  const id = Number(await session.execute(`return document.querySelector('[data-testid="document-view"]').dataset.id;`));
  const refusal = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke("delete_document", { id: arguments[0] }).then(() => done("deleted"), (e) => done(String(e)));`,
    args: [id],
  });
  assert.match(refusal, /viewer.*not allowed to delete/i);
  await back();
  assert.equal(await total((t) => t === "6 documents"), "6 documents");
});
