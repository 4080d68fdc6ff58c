// First run in the real window: the app starts on a location with no vault
// and shows the first-run screen with facts that only the Rust side knows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { Session, appBinary, startDriver, tempVaultDir } from "./webdriver.mjs";

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
  const heading = await session.text("h2");
  assert.equal(heading, "Welcome to MedVault");
  await session.screenshot("first-run");
});

test("the version shown is the Rust crate's version", async () => {
  const cargoVersion = execFileSync(appBinary, ["--version"], { encoding: "utf8" }).trim().split(" ")[1];
  const shown = await session.waitForText('[data-testid="version"]');
  assert.equal(shown, `v${cargoVersion}`);
});
