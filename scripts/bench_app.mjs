// The app's own figures, measured on the real window under Xvfb through
// tauri-driver and WebKitWebDriver:
//   - cold start: process launch to an interactive sign-in screen (the user
//     field present and enabled), each round a new app process; the time
//     WebKitWebDriver needs to hand over the window is included, so this
//     overstates what a user waits;
//   - a page of the library (100 rows, as the library screen asks) through
//     the app's IPC, measured in the page with performance.now();
//   - scrolling the library in the window: a fast steady scroll (100 px a
//     frame, about 6,000 px/s) through the list, with the time between frames
//     and the share of frames that showed a row not yet loaded; then jumps
//     to 20 places spread over the list (as when dragging the scroll bar),
//     each timed until every row in view shows its document. With a second
//     vault (REFERENCE_VAULT, a small library) the same scroll runs there in
//     the same run, and the figures are given as ratios to it;
//   - memory when idle: resident and proportional set size of the app and
//     its WebKit processes, after the library has been shown and left alone;
//     then, in the same run, the same for the shell's floor, a Tauri window
//     with the app's web view settings and an empty page
//     (src-tauri/examples/blank_window.rs; $MEDVAULT_FLOOR_APP or the
//     release build of the example, skipped when missing).
//
//   cargo build --release -p medvault-app -p medvault-cli
//   cargo build --release -p medvault-app --example blank_window
//   ./target/release/medvault bench library --docs 10000 --keep /tmp/benchvault
//   MEDVAULT_APP=target/release/medvault-app xvfb-run -a -s "-screen 0 1280x900x24" \
//     node scripts/bench_app.mjs /tmp/benchvault [ROUNDS] [REFERENCE_VAULT]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, Session, startDriver } from "../ui/e2e/webdriver.mjs";

const [vault, roundsArg, referenceVault] = process.argv.slice(2);
if (!vault) {
  console.error("usage: node scripts/bench_app.mjs VAULT_DIR [ROUNDS] [REFERENCE_VAULT]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const USER = "bench";
const PASSWORD = "bench-password-1";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function until(session, script, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await session.execute(script).catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(10);
  }
}

/** Resident and proportional set size (MiB) of `pid` and its descendants. */
function memory(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const kids = execFileSync("pgrep", ["-P", String(pids[i])], { encoding: "utf8" }).trim();
      if (kids) pids.push(...kids.split("\n").map(Number));
    } catch {
      /* no children */
    }
  }
  const out = [];
  for (const p of pids) {
    const name = readFileSync(`/proc/${p}/comm`, "utf8").trim();
    const roll = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
    const kib = (k) => Number(roll.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
    out.push({ pid: p, name, rssMiB: kib("Rss") / 1024, pssMiB: kib("Pss") / 1024 });
  }
  return out;
}

/** Prints the idle memory of the newest process matching `pattern` and its children; returns their PSS in MiB. */
function idleMemory(label, pattern) {
  const pid = Number(execFileSync("pgrep", ["-n", "-f", pattern], { encoding: "utf8" }).trim().split("\n")[0]);
  const mem = memory(pid);
  for (const m of mem) console.log(`  ${m.name.padEnd(18)} pid ${m.pid}: RSS ${m.rssMiB.toFixed(0)} MiB, PSS ${m.pssMiB.toFixed(0)} MiB`);
  const sum = (k) => mem.reduce((a, m) => a + m[k], 0);
  console.log(
    `${label}: main process RSS ${mem[0].rssMiB.toFixed(0)} MiB; ` +
      `with its WebKit processes PSS ${sum("pssMiB").toFixed(0)} MiB (RSS ${sum("rssMiB").toFixed(0)} MiB)`,
  );
  return sum("pssMiB");
}

/** Scrolls the library in the window; returns frame times and fill times (ms). */
async function scrollLibrary(session) {
  const r = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      (async () => {
        const s = document.querySelector('[data-testid="lib-scroller"]');
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        // Every row in view shows its document (no placeholder).
        const filled = () => {
          const top = s.scrollTop, bottom = top + s.clientHeight;
          const inView = [...s.querySelectorAll('[role="listitem"]')].filter(
            (el) => el.offsetTop + el.offsetHeight > top && el.offsetTop < bottom);
          return inView.length > 0 && inView.every((el) => el.querySelector('[data-testid="doc-row"]'));
        };
        const max = s.scrollHeight - s.clientHeight;
        const frames = [];
        let blank = 0;
        let last = await frame();
        for (let i = 0; i < 600 && s.scrollTop < max; i++) {
          s.scrollTop += 100;
          const t = await frame();
          frames.push(t - last);
          last = t;
          if (!filled()) blank++;
        }
        const jumps = [];
        for (let k = 0; k < 20; k++) {
          const t0 = performance.now();
          s.scrollTop = Math.round(((k * 7) % 20 + 0.5) / 20 * max);
          await frame();
          while (!filled()) {
            if (performance.now() - t0 > 10000) throw new Error("rows never filled after a jump");
            await frame();
          }
          jumps.push(performance.now() - t0);
        }
        return { frames, blank, jumps };
      })().then(done, (e) => done(String(e)));`,
    args: [],
  });
  if (typeof r === "string") throw new Error(r);
  return r;
}

function reportScroll(label, r) {
  console.log(
    `  ${label}: ${r.frames.length} frames of steady scrolling, frame interval p50 ${median(r.frames).toFixed(1)} ms, ` +
      `p95 ${pct(r.frames, 0.95).toFixed(1)} ms, max ${Math.max(...r.frames).toFixed(1)} ms; ` +
      `frames showing a row not yet loaded: ${r.blank}; ` +
      `20 jumps filled in p50 ${median(r.jumps).toFixed(0)} ms, max ${Math.max(...r.jumps).toFixed(0)} ms`,
  );
}

/** A new app on `dir`, signed in, with the library's first rows shown. */
async function openLibrary(dir) {
  const session = await Session.open(driver, ["--vault", dir]);
  await session.signIn(USER, PASSWORD);
  await until(session, `return document.querySelectorAll('[data-testid="doc-row"]').length > 0;`, "library rows");
  return session;
}

async function scrollFigures(dir) {
  const session = await openLibrary(dir);
  try {
    const total = await session.text('[data-testid="lib-total"]');
    await sleep(1000);
    return { total, ...(await scrollLibrary(session)) };
  } finally {
    await session.close();
  }
}

const driver = await startDriver();
try {
  const starts = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const session = await Session.open(driver, ["--vault", vault]);
    const windowUp = performance.now() - t0;
    await until(
      session,
      `const u = document.querySelector("#field-user"); return u && !u.disabled && document.activeElement !== null;`,
      "sign-in screen",
    );
    const interactive = performance.now() - t0;
    starts.push({ windowUp, interactive });
    console.log(`start ${r + 1}: window handed over ${windowUp.toFixed(0)} ms, sign-in screen interactive ${interactive.toFixed(0)} ms`);
    await session.close();
    await sleep(1000);
  }
  console.log(
    `cold start to an interactive sign-in screen: median ${median(starts.map((s) => s.interactive)).toFixed(0)} ms ` +
      `(of which WebKitWebDriver handing over the window: median ${median(starts.map((s) => s.windowUp)).toFixed(0)} ms)`,
  );

  const session = await openLibrary(vault);
  const total = await session.text('[data-testid="lib-total"]');
  const times = await session.cmd("POST", "/execute/async", {
    script: `const done = arguments[arguments.length - 1];
      (async () => {
        const out = {};
        for (const [name, sort, descending, offsetOf] of [
          ["newest first", "added", true, () => 0],
          ["deep page", "added", true, (n) => n - 100],
          ["title A-Z, middle", "title", false, (n) => Math.floor(n / 2)],
        ]) {
          const first = await window.__TAURI_INTERNALS__.invoke("library", { request: { shelf: "ready", filter: "", sort, descending, offset: 0, limit: 1 } });
          const ms = [];
          for (let i = 0; i < 21; i++) {
            const t = performance.now();
            const a = await window.__TAURI_INTERNALS__.invoke("library", { request: { shelf: "ready", filter: "", sort, descending, offset: offsetOf(first.total), limit: 100 } });
            if (i > 0) ms.push(performance.now() - t);
            if (a.items.length !== 100) throw new Error("short page");
          }
          out[name] = ms;
        }
        return out;
      })().then(done, (e) => done(String(e)));`,
    args: [],
  });
  if (typeof times === "string") throw new Error(times);
  console.log(`library of ${total}: a page of 100 rows through the app's IPC (20 rounds each):`);
  for (const [name, ms] of Object.entries(times)) {
    console.log(`  ${name.padEnd(20)} p50 ${median(ms).toFixed(1)} ms, p99 ${pct(ms, 0.99).toFixed(1)} ms`);
  }

  await session.close();

  console.log("scrolling the library in the window (list view):");
  const big = await scrollFigures(vault);
  reportScroll(big.total, big);
  if (referenceVault) {
    const ref = await scrollFigures(referenceVault);
    reportScroll(`${ref.total} (reference)`, ref);
    const ratio = (f) => (f(big) / f(ref)).toFixed(2);
    console.log(
      `  ratios to the reference: frame interval p50 ${ratio((r) => median(r.frames))}×, ` +
        `p95 ${ratio((r) => pct(r.frames, 0.95))}×; jump fill p50 ${ratio((r) => median(r.jumps))}×`,
    );
  }

  const idle = await openLibrary(vault);
  await sleep(15_000);
  const app = idleMemory("idle after showing the library", `medvault-app.*--vault ${vault}`);
  await idle.close();

  const floorApp = process.env.MEDVAULT_FLOOR_APP ?? join(repoRoot, "target", "release", "examples", "blank_window");
  if (existsSync(floorApp)) {
    const blank = await Session.open(driver, [], floorApp);
    await sleep(15_000);
    const floor = idleMemory("the shell's floor (a blank Tauri window, same web view settings)", floorApp);
    await blank.close();
    console.log(
      `  the app over the floor: ${(app - floor).toFixed(0)} MiB PSS (${(app / floor).toFixed(2)}× the floor)`,
    );
  } else {
    console.log(`the shell's floor not measured: ${floorApp} is missing`);
  }
} finally {
  driver.stop();
}
