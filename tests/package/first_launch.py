"""The installed app's first launch, inside the fresh root (fresh_root.sh): tauri-driver and the
app run in the root as a user of it, this script drives them through WebDriver from outside.

  --expect first-run   a person with no store: the first-run screen offers 创建新的工作台 and
                       用示例数据试用 (a screenshot is kept); they create a store, meet the
                       guided tour, skip it and reach the dashboard.
  --expect unlock      a person whose store the old release made: they unlock it with their
                       passphrase, meet the tour on the calendar (a screenshot is kept), skip it
                       and open the dashboard.

Exits non-zero, with a screenshot of the window, when the app does not get there.
"""

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--driver", required=True, help="the command that starts tauri-driver in the root")
parser.add_argument("--display", required=True)
parser.add_argument("--shots", required=True)
parser.add_argument("--expect", choices=("first-run", "unlock"), required=True)
parser.add_argument("--passphrase")
args = parser.parse_args()

# The end-to-end helpers, by data-testid; their screenshots go where this run keeps its own.
os.environ["VISITDESK_SHOTS"] = args.shots
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from conftest import Ui, _free_port, _start_session, _stop, _wait_for_port  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.options import ArgOptions  # noqa: E402
from test_flows import first_run  # noqa: E402

port, native = _free_port(), _free_port()
driver_proc = subprocess.Popen(
    shlex.split(args.driver) + ["--port", str(port), "--native-port", str(native)],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
ui = None
try:
    _wait_for_port(port, 30)
    _wait_for_port(native, 30)
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": "/usr/bin/visitdesk-app"})
    session = _start_session(port, options)
    ui = Ui(session, f"fresh-root-{args.expect}")
    if args.expect == "first-run":
        ui.wait("setup-choice", seconds=60)
        ui.wait("setup-choice-demo")
        print(f"the first-run screen: {ui.shot('first-run')}")
        first_run(ui, then="tour-step")
        print(f"the guided tour: {ui.shot('tour')}")
        ui.d.switch_to.active_element.send_keys(Keys.ESCAPE)
        ui.gone("tour")
        ui.wait("page-dashboard")
    else:
        ui.type("unlock-passphrase", args.passphrase)
        ui.click("unlock-submit")
        # Their first unlock in the app: the guided tour opens on the calendar, with their visits.
        ui.wait("tour-step", seconds=60)
        print(f"the upgraded store, unlocked: {ui.shot('upgraded')}")
        ui.d.switch_to.active_element.send_keys(Keys.ESCAPE)
        ui.gone("tour")
        ui.click("nav-dashboard")
        ui.wait("page-dashboard")
    session.quit()
    ui = None
except Exception:
    if ui is not None:
        print(f"screenshot of the failure: {ui.shot('failure')}", file=sys.stderr)
    raise
finally:
    _stop(driver_proc)
