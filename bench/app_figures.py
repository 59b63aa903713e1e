"""Whole-app figures for the desktop shell, printed as one JSON object:

- release binary size;
- launch to unlock screen (WebDriver session start until the unlock form is shown);
- for the `campus` demo store, and for the large store `make bench` made when there is one:
  unlock, and the idle memory (RSS) of the app process and its WebKit web process 10 s after
  the automatic backup that follows the unlock has been written (or after the unlock, when a
  recent backup means none is made);
- the floor under that memory: a bare WebKitGTK window's RSS (`bench/webkit_floor.py`, the
  same GTK and WebKit libraries showing one line of text), and the app's idle RSS above it;
- the calendar's month switch: from a click on "next month" to that month's visits fetched and
  painted (the calendar's own measure, `data-render-ms`), for each month of the campaign, with
  the number of visits in view; then back, each month from the calendar's cache; and beside each
  switch, side by side, FullCalendar rendering the same events from a static array, no IPC.

Usage: python3 bench/app_figures.py [path/to/visitdesk-app] [path/to/visitdesk]
Needs Xvfb, tauri-driver and WebKitWebDriver (scripts/setup.sh e2e), python3-gi with WebKit2's
introspection data for the floor, and a release build: `make app-figures`.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from conftest import _free_port, _start_session, _wait_for_port  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
APP = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "target/release/visitdesk-app")
CLI = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "target/release/visitdesk")
PASS = "correct horse battery"
# The passphrase of the store `make bench` makes (scripts/bench.sh).
LARGE_PASS = "visitdesk benchmark passphrase"
# How often a timed wait looks: WebDriverWait's default, every 0.5 s, added up to half a second
# to the launch and the unlock (the launch read 1,010 ms where the screen showed at 430).
POLL = 0.01


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def process_named(name: str) -> list[int]:
    out = subprocess.run(["pgrep", "-f", name], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def webkit_floor(display: str) -> dict:
    """A bare WebKitGTK window's memory (`bench/webkit_floor.py`), on its own X display."""
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24"], stderr=subprocess.DEVNULL)
    time.sleep(1)
    try:
        out = subprocess.run(
            ["/usr/bin/python3", str(ROOT / "bench" / "webkit_floor.py")],
            env=dict(os.environ, DISPLAY=display), check=True, capture_output=True, text=True, timeout=120,
        )
        return json.loads(out.stdout)
    finally:
        xvfb.terminate()
        xvfb.wait()


def month_switches(d, first_month: str, months: int) -> dict:
    """Opens the calendar's month view on `first_month` (its title, e.g. "2026年2月"), steps
    forward `months` times (each month fetched for the first time), then back again (each
    served from the calendar's cache). Beside each switch: the same events rendered by a fresh
    FullCalendar from a static array, with no IPC (the calendar's `vdBaseline`)."""
    d.find_element(By.CSS_SELECTOR, '[data-testid="nav-calendar"]').click()
    cal = WebDriverWait(d, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="calendar"]')))
    WebDriverWait(d, 30).until(lambda _: cal.get_attribute("data-renders") not in (None, "", "0"))
    d.find_element(By.CSS_SELECTOR, '[data-testid="calendar-view-month"]').click()
    title = lambda: d.find_element(By.CSS_SELECTOR, '[data-testid="calendar-title"]').text  # noqa: E731
    while first_month not in title():
        d.find_element(By.CSS_SELECTOR, '[data-testid="calendar-prev"]').click()
        time.sleep(0.2)
    time.sleep(1)

    def switch(button: str) -> dict:
        before = int(cal.get_attribute("data-renders"))
        d.find_element(By.CSS_SELECTOR, f'[data-testid="calendar-{button}"]').click()
        WebDriverWait(d, 30, poll_frequency=POLL).until(lambda _: int(cal.get_attribute("data-renders")) > before)
        ms = int(cal.get_attribute("data-render-ms"))
        baseline = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.querySelector('[data-testid=\"calendar\"]').vdBaseline().then(done, (e) => done(-1));"
        )
        time.sleep(0.5)
        return {"month": title(), "visits": int(cal.get_attribute("data-visits")), "ms": ms, "static_ms": baseline}

    forward = [switch("next") for _ in range(months)]
    back = [switch("prev") for _ in range(months)]
    return {"first_fetch": forward, "cached": back}


def summary(switches: dict) -> dict:
    """The slowest switch of each kind, and the median ratio to the static rendering."""
    out = {}
    for kind, runs in switches.items():
        ratios = sorted(r["ms"] / max(r["static_ms"], 1) for r in runs if r["static_ms"] >= 0)
        out[f"{kind}_max_ms"] = max(r["ms"] for r in runs)
        out[f"{kind}_max_visits"] = max(r["visits"] for r in runs)
        out[f"{kind}_vs_static_ratio"] = round(ratios[len(ratios) // 2], 2) if ratios else None
    return out


def measure(store: Path, passphrase: str, first_month: str, months: int, display: str) -> dict:
    """Launches the app on `store` on X display `display`, unlocks it, and measures it (see the
    module's text)."""
    figures = {}
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24"], stderr=subprocess.DEVNULL)
    time.sleep(1)
    port, native = _free_port(), _free_port()
    driver_env = dict(os.environ, DISPLAY=display, VISITDESK_STORE=str(store))
    tauri_driver = subprocess.Popen(
        ["tauri-driver", "--port", str(port), "--native-port", str(native)],
        env=driver_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, 20)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP)})
        started = time.monotonic()
        d = _start_session(port, options)
        field = WebDriverWait(d, 30, poll_frequency=POLL).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="unlock-passphrase"]'))
        )
        figures["launch_to_unlock_screen_ms"] = round((time.monotonic() - started) * 1000)
        field.send_keys(passphrase)
        started = time.monotonic()
        d.find_element(By.CSS_SELECTOR, '[data-testid="unlock-submit"]').click()
        WebDriverWait(d, 120, poll_frequency=POLL).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-testid="page-dashboard"]'))
        )
        figures["unlock_to_dashboard_ms"] = round((time.monotonic() - started) * 1000)
        # The automatic backup follows the unlock (the guard's first tick) unless one was made in
        # the last hour: idle is after it, so wait for it to be written, then 10 s.
        backups = store / "backups"

        def made():  # the backups written (one being written is a hidden .NAME.tmp)
            return {b for b in backups.iterdir() if not b.name.startswith(".")} if backups.exists() else set()

        before = made()

        def taken(b):  # the time in a backup's name (YYYYMMDDTHHMMSSZ…), as the app reads it
            try:
                return datetime.datetime.strptime(b.name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
            except ValueError:
                return None

        now = datetime.datetime.now(datetime.timezone.utc)
        recent = any(t and datetime.timedelta(0) <= now - t < datetime.timedelta(hours=1) for t in map(taken, before))
        deadline = time.monotonic() + 120
        while not recent and time.monotonic() < deadline:
            if made() - before:
                figures["backup_after_unlock_ms"] = round((time.monotonic() - started) * 1000)
                break
            time.sleep(0.25)
        time.sleep(10)
        app_pids = [p for p in process_named(str(APP)) if Path(f"/proc/{p}/exe").resolve() == APP.resolve()]
        web = [p for a in app_pids for p in children(a)]
        figures["idle_rss_app_kib"] = sum(rss_kib(p) for p in app_pids)
        figures["idle_rss_webkit_kib"] = sum(rss_kib(p) for p in web)
        switches = month_switches(d, first_month, months)
        figures["calendar_month_switch"] = summary(switches)
        figures["calendar_month_switches"] = switches
        d.quit()
    finally:
        tauri_driver.terminate()
        xvfb.terminate()
        xvfb.wait()
    return figures


def main() -> None:
    figures = {"release_binary_bytes": APP.stat().st_size}
    with open("/proc/loadavg") as f:
        figures["load_average_before"] = " ".join(f.read().split()[:3])
    figures["webkit_floor"] = floor = webkit_floor(":96")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        env = dict(os.environ, VISITDESK_STORE=str(store), VISITDESK_PASSPHRASE=PASS)
        subprocess.run(
            [CLI, "init", "--school", "示例职业技术学院", "--name", "王书记", "--role", "secretary",
             "--from", "2026-03-01", "--to", "2026-08-31"],
            env=env, check=True, capture_output=True,
        )
        subprocess.run([CLI, "demo", "--size", "campus", "--seed", "1"], env=env, check=True, capture_output=True)
        figures["campus"] = measure(store, PASS, "2026年2月", 7, ":97")
        figures["campus"]["idle_rss_app_over_floor_kib"] = figures["campus"]["idle_rss_app_kib"] - floor["rss_kib"]
        print(json.dumps(figures["campus"], ensure_ascii=False), file=sys.stderr)
    # The large store `make bench` made (100,000 visits, 2022-03 to 2022-08), on a copy.
    large = sorted(ROOT.glob("target/bench/large-seed*/.complete"))
    if large:
        with tempfile.TemporaryDirectory(dir=ROOT / "target") as tmp:
            store = Path(tmp) / "store"
            shutil.copytree(large[-1].parent, store)
            figures["large"] = measure(store, LARGE_PASS, "2022年2月", 7, ":98")
            figures["large"]["idle_rss_app_over_floor_kib"] = figures["large"]["idle_rss_app_kib"] - floor["rss_kib"]
    with open("/proc/loadavg") as f:
        figures["load_average_after"] = " ".join(f.read().split()[:3])
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
