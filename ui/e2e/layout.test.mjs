// Appearance and window sizes, in the real window: the light/dark choice in
// My account recolours every screen at once and outlasts signing out; at the
// smallest window the app allows (640 × 480) and at a large one, no screen
// scrolls sideways and the section bar stays reachable. Every screen is
// screenshotted in both themes and at both sizes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cli, openSignedIn, tempDir, tempVaultDir, writeNotes } from "./webdriver.mjs";

const PASSWORD = "correct-horse-battery";
const vault = tempVaultDir();
const SECTIONS = ["library", "dashboard", "search", "add", "folders", "retention", "backup", "users", "audit", "account"];
let session;
let stop;

before(async () => {
  cli(vault, PASSWORD, ["init", "--admin", "admin"]);
  const inbox = tempDir("layout");
  writeNotes(inbox);
  cli(vault, PASSWORD, ["--user", "admin", "ingest", inbox]);
  ({ session, stop } = await openSignedIn(vault, "admin", PASSWORD));
});

after(async () => {
  // Leave this computer's appearance as the system's for the other suites.
  await session?.execute(`localStorage.removeItem("medvault.theme");`).catch(() => {});
  await stop?.();
});

/** The page background as the window paints it. */
const background = () => session.execute(`return getComputedStyle(document.body).backgroundColor;`);

/** How far the page is wider than the window (0 when nothing scrolls sideways). */
const overflow = () =>
  session.execute(`return document.documentElement.scrollWidth - document.documentElement.clientWidth;`);

async function resize(width, height) {
  await session.cmd("POST", "/window/rect", { width, height });
  await session.waitFor(`return window.innerWidth <= ${width} && window.innerWidth > ${width - 80};`, [], 10_000, `window ${width} wide`);
}

test("the appearance chosen in My account recolours every screen and outlasts signing out", async () => {
  await session.show("account");
  await session.click('[data-testid="theme-dark"]');
  assert.equal(await background(), "rgb(13, 17, 23)");
  for (const s of SECTIONS) {
    await session.show(s);
    assert.equal(await background(), "rgb(13, 17, 23)", `${s} is dark`);
    await session.screenshot(`70-dark-${s}`);
  }
  await session.click('[data-testid="logout"]');
  await session.waitForText("h2", (t) => t === "Sign in");
  assert.equal(await background(), "rgb(13, 17, 23)", "the sign-in screen is dark too");
  await session.screenshot("71-dark-sign-in");
  await session.signIn("admin", PASSWORD);
  await session.show("account");
  assert.equal(await session.execute(`return document.querySelector('[data-testid="theme-dark"]').checked;`), true);
  await session.click('[data-testid="theme-light"]');
  assert.equal(await background(), "rgb(246, 248, 250)");
  await session.click('[data-testid="theme-system"]');
  assert.equal(await session.execute(`return document.documentElement.dataset.theme ?? null;`), null);
});

for (const [width, height, name] of [
  [640, 480, "small"],
  [1280, 900, "large"],
]) {
  test(`at ${width} × ${height} no screen scrolls sideways and every section stays reachable`, async () => {
    await resize(width, height);
    for (const s of SECTIONS) {
      await session.show(s);
      assert.equal(await overflow(), 0, `${s} fits ${width} px`);
      await session.screenshot(`72-${name}-${s}`);
    }
    // The library shows documents, not only its header.
    await session.show("library");
    const rowBottom = await session.waitFor(
      `const row = document.querySelector('[data-testid="doc-row"]');
       return row && row.getBoundingClientRect().bottom;`,
      [],
      20_000,
      "a library row",
    );
    assert.ok(rowBottom <= height, `the first document is in view (bottom at ${rowBottom} of ${height})`);
    // The document view, opened from the library.
    await session.click('[data-testid="doc-row"]');
    await session.waitForText('[data-testid="doc-heading"]');
    assert.equal(await overflow(), 0, `the document view fits ${width} px`);
    await session.screenshot(`72-${name}-document`);
    await session.click('[data-testid="doc-back"]');
  });
}
