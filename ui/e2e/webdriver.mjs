// A small W3C WebDriver client over fetch, for driving the real MedVault
// window through tauri-driver and WebKitWebDriver. Every request has a
// timeout; the driver runs in its own process group and is killed as a group.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");

/** The app binary under test: $MEDVAULT_APP or the debug build. */
export const appBinary = process.env.MEDVAULT_APP ?? join(repoRoot, "target", "debug", "medvault-app");
/** The command-line binary, for checking what the app left in the vault. */
export const cliBinary = process.env.MEDVAULT_CLI ?? join(repoRoot, "target", "debug", "medvault");

const REQUEST_TIMEOUT_MS = 30_000;
/** A Python with Pillow and Xlib (Debian's python3-pil, python3-xlib), for screenshots and drops. */
const PYTHON = process.env.MEDVAULT_PYTHON ?? "/usr/bin/python3";

/** Folder that receives this run's screenshots ($MEDVAULT_SCREENSHOTS or a new temp folder). */
export const screenshotDir = (() => {
  const dir = process.env.MEDVAULT_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), "medvault-e2e-shots-"));
  mkdirSync(dir, { recursive: true });
  console.log(`screenshots: ${dir}`);
  return dir;
})();

function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${res.status} ${v.error ?? ""} ${v.message ?? ""}`);
  }
  return json.value;
}

/** Starts tauri-driver in its own process group on free ports. */
export async function startDriver() {
  const port = await freePort();
  const nativePort = await freePort();
  const bin = process.env.TAURI_DRIVER ?? "tauri-driver";
  const child = spawn(bin, ["--port", String(port), "--native-port", String(nativePort)], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw new Error(`${bin} exited at start; is it installed (cargo install tauri-driver --locked)?`);
    try {
      await request(base, "GET", "/status");
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on ${base}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    base,
    stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

/** A WebDriver session on a freshly started app window. */
export class Session {
  /** Starts `application` (the app under test unless given) with `appArgs`. */
  static async open(driver, appArgs = [], application = appBinary) {
    const caps = {
      capabilities: {
        alwaysMatch: { "tauri:options": { application, args: appArgs } },
      },
    };
    const value = await request(driver.base, "POST", "/session", caps);
    return new Session(driver.base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return Object.values(v)[0];
  }

  async text(css) {
    return this.cmd("GET", `/element/${await this.find(css)}/text`);
  }

  /** Types `text` into the element at `css` (after clearing it). */
  async type(css, text) {
    if (text === "") return this.setValue(css, "");
    const el = await this.find(css);
    await this.cmd("POST", `/element/${el}/clear`, {});
    await this.cmd("POST", `/element/${el}/value`, { text });
  }

  async click(css) {
    await this.cmd("POST", `/element/${await this.find(css)}/click`, {});
  }

  /** How many elements match `css`. */
  async count(css) {
    return (await this.cmd("POST", "/elements", { using: "css selector", value: css })).length;
  }

  /** Runs `script` in the page (a function body; `arguments` are `args`). */
  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** Sets a select's option or a date field at `css` to `value`, with the
   * events a user's choice fires (WebKitWebDriver cannot type into either). */
  async setValue(css, value) {
    await this.execute(
      `const el = document.querySelector(arguments[0]);
       el.value = arguments[1];
       el.dispatchEvent(new Event("input", { bubbles: true }));
       el.dispatchEvent(new Event("change", { bubbles: true }));`,
      [css, value],
    );
  }

  /** Waits until `script` returns a truthy value; returns it. */
  async waitFor(script, args = [], timeoutMs = 20_000, what = script) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.execute(script, args).catch(() => null);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Waits until `css` exists and its text satisfies `pred`; returns the text. */
  async waitForText(css, pred = (t) => t.length > 0, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last = "(not found)";
    for (;;) {
      try {
        last = await this.text(css);
        if (pred(last)) return last;
      } catch (e) {
        last = `(${e.message})`;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${css}; last: ${last}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /**
   * Saves a PNG of what the window shows into the run's screenshot folder,
   * read off the X display (Pillow's ImageGrab) after the page has drawn two
   * frames. WebKitWebDriver's own screenshot never answers when the web view
   * is not composited (WebKitGTK 2.50), as the app's is
   * (src-tauri/src/webview.rs), so it is not used.
   */
  async screenshot(name) {
    await this.cmd("POST", "/execute/async", {
      script: `const done = arguments[arguments.length - 1];
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));`,
      args: [],
    });
    const { x, y, width, height } = await this.cmd("GET", "/window/rect");
    const file = join(screenshotDir, `${name}.png`);
    execFileSync(PYTHON, [
      "-c",
      "import sys; from PIL import ImageGrab; " +
        "x, y, w, h = map(int, sys.argv[1:5]); ImageGrab.grab(bbox=(x, y, x + w, y + h)).save(sys.argv[5])",
      ...[x, y, width, height].map((v) => String(Math.round(v))),
      file,
    ]);
    return file;
  }

  /**
   * Drags files (or folders) from the desktop and drops them on the middle of
   * the window, through X's own drag and drop (e2e/xdnd_drop.py, the protocol
   * file managers speak), so the drop reaches the app the way a user's does.
   */
  async dropFiles(paths) {
    const { x, y, width, height } = await this.cmd("GET", "/window/rect");
    const at = [x + width / 2, y + height / 2].map((v) => String(Math.round(v)));
    execFileSync(PYTHON, [join(here, "xdnd_drop.py"), ...at, ...paths], { stdio: ["ignore", "inherit", "inherit"], timeout: 30_000 });
  }

  /** Opens a section of the signed-in app (`library`, `search`, `add`, `folders`, …). */
  async show(section) {
    await this.click(`[data-testid="nav-${section}"]`);
    const deadline = Date.now() + 10_000;
    const nav = await this.find(`[data-testid="nav-${section}"]`);
    while ((await this.cmd("GET", `/element/${nav}/attribute/aria-current`)) !== "page") {
      if (Date.now() > deadline) throw new Error(`section ${section} did not open`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Searches from the search bar and waits until the results shown are this query's. */
  async search(query) {
    await this.show("search");
    await this.type('[data-testid="search-query"]', query);
    await this.click('[data-testid="search-go"]');
    const results = await this.find('[data-testid="search-results"]');
    const deadline = Date.now() + 20_000;
    while ((await this.cmd("GET", `/element/${results}/attribute/data-query`)) !== query) {
      if (Date.now() > deadline) throw new Error(`no results shown for ${query}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Signs in on the sign-in screen and waits for the home screen. */
  async signIn(user, password) {
    await this.waitForText("h2", (t) => t === "Sign in");
    await this.type("#field-user", user);
    await this.type("#field-password", password);
    await this.click('[data-testid="sign-in"]');
    return this.waitForText('[data-testid="signed-in"]');
  }

  async close() {
    await this.cmd("DELETE", "").catch(() => {});
  }
}

/** Starts the driver and the app on `vault`, signed in as `user`; `stop()` ends both. */
export async function openSignedIn(vault, user, password) {
  const driver = await startDriver();
  const session = await Session.open(driver, ["--vault", vault]);
  await session.signIn(user, password);
  return {
    session,
    stop: async () => {
      await session.close();
      driver.stop();
    },
  };
}

/** Runs the CLI on `vault` with `password` on standard input; returns stdout. */
export function cli(vault, password, args) {
  return execFileSync(cliBinary, ["--vault", vault, "--password-stdin", ...args], {
    input: `${password}\n`,
    encoding: "utf8",
    timeout: 300_000,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Folders this test file made; removed when it ends, kept when it failed
 * (to look at the vault a failing test left). */
const made = [];
process.on("exit", (code) => {
  if (code !== 0) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder `medvault-e2e-<name>-XXXXXX` in the temp folder. */
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `medvault-e2e-${name}-`));
  made.push(dir);
  return dir;
}

/** A new empty folder for a test vault. */
export function tempVaultDir() {
  return join(tempDir("vault"), "vault");
}

/** Writes two typed notes into `dir`: `consult.txt` (a date of service,
 * chest pain, metformin 500 mg) and `lab.txt` (patient Ann Lee, collected
 * 2024-03-05, glucose and potassium with units and a flag). */
export function writeNotes(dir) {
  writeFileSync(
    join(dir, "consult.txt"),
    "CONSULTATION NOTE\nDate of Service: 11/20/2023\nChest pain radiating to the left arm. Started metformin 500 mg twice daily.\n",
  );
  writeFileSync(
    join(dir, "lab.txt"),
    "LABORATORY REPORT\nPatient: Ann Lee\nCollected: 03/05/2024\nGlucose 5.6 mg/dL\nPotassium K+ 3.1 L\n",
  );
}
