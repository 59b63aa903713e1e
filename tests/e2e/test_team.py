"""Two laptops of one team through a shared folder, in the real window: the CLI acts as 张秘书's
laptop beside the app (王书记's). Her new visit appears in the app on its own, after the app's
idle tick passes over the folder; then both change one visit's objectives apart, the clash shows
on the app's conflict screen, he keeps a value there, and her laptop hears that it is settled.
"""

import datetime
import json
import os
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import PASSPHRASE, ROOT

CLI = str(ROOT / "target" / "debug" / "visitdesk")
ZHANG = "张秘书的口令二〇二二"
# The app's guard passes over the folder on a 5-second tick when something there changed.
TICKS = 30


class Laptop:
    """A store driven through the CLI."""

    def __init__(self, store, passphrase):
        self.env = dict(
            os.environ, VISITDESK_STORE=str(store), VISITDESK_PASSPHRASE=passphrase, VISITDESK_FAST_KDF_FOR_TESTS="1"
        )

    def __call__(self, *args):
        out = subprocess.run([CLI, "--json", *args], env=self.env, check=True, capture_output=True, text=True)
        return json.loads(out.stdout) if out.stdout.strip() else None


@pytest.fixture
def team(store_dir, tmp_path):
    """王书记's store (the admin, the app's) with 李校长 and a visit of his tomorrow, made a team;
    张秘书's laptop joined by request, fingerprint and welcome; both pointed at a shared folder
    and passed over it once, so each knows the other."""
    admin, zhang = Laptop(store_dir, PASSPHRASE), Laptop(tmp_path / "zhang", ZHANG)
    shared = tmp_path / "共享文件夹"
    shared.mkdir()
    today = datetime.date.today()
    window = [(today - datetime.timedelta(days=60)).isoformat(), (today + datetime.timedelta(days=120)).isoformat()]
    admin("init", "--school", "示例职业技术学院", "--name", "王书记", "--role", "secretary", "--from", window[0], "--to", window[1])
    admin("person", "add", "--name", "李校长", "--role", "president")
    employer = admin("employer", "add", "--name", "苏州绿叶精密机械有限公司")["id"]
    day = (today + datetime.timedelta(days=1)).isoformat()
    visit = admin("visit", "plan", "--employer", employer, "--lead", "李校长", "--start", f"{day} 09:00", "--end", f"{day} 11:00")["id"]
    admin("team", "create", "--device-name", "王书记的笔记本")
    request, welcome = tmp_path / "申请.json", tmp_path / "欢迎.vdsync"
    asked = zhang("team", "join-request", "--name", "张秘书", "--out", str(request))
    admin("team", "accept", str(request), "--fingerprint", asked["fingerprint"], "--access", "admin", "--out", str(welcome))
    zhang("team", "join", str(welcome))
    admin("team", "folder", str(shared))
    admin("sync", "folder", str(shared))
    zhang("sync", "folder", str(shared))
    return {"zhang": zhang, "shared": shared, "visit": visit, "employer": employer, "day": day}


def unlock_as_admin(ui):
    Select(ui.wait("unlock-person")).select_by_visible_text("王书记")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")


def until(check, seconds=TICKS * 5, what="it"):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(1)


def test_a_bundle_dropped_in_the_team_folder_shows_in_the_app_and_a_clash_is_settled_there(team, ui):
    zhang, shared, visit = team["zhang"], str(team["shared"]), team["visit"]
    unlock_as_admin(ui)

    # Her laptop adds an employer and plans a visit there, and drops its bundle in the folder.
    new = zhang("employer", "add", "--name", "无锡蓝天电子有限公司")["id"]
    zhang("visit", "plan", "--employer", new, "--lead", "李校长", "--start", f"{team['day']} 14:00", "--end", f"{team['day']} 16:00")
    zhang("sync", "folder", shared)

    # The app passes over the folder on its own; the new visit is in its list.
    def listed():
        ui.click("nav-visits")
        try:
            ui.until_text("visit-list", "无锡蓝天电子有限公司", seconds=5)
            return True
        except Exception:
            return False

    until(listed, what="her visit showing in the app")
    ui.shot("her-visit")

    # Both change the same visit's objectives, apart: she on her laptop, he in the app.
    zhang("visit", "edit", visit, "--objectives", "谈春季专场招聘")
    # Found again on each try: a pass of the idle tick may draw the list anew meanwhile.
    ui._retry(lambda: next(r for r in ui.all("visit-row") if "苏州绿叶" in r.text).find_element(By.CSS_SELECTOR, "td.when button").click())
    ui.type("visit-objectives", "谈共建实习实践基地")
    ui.click("visit-save")
    time.sleep(1)

    # His change reaches the folder on the next tick; hers follows; the app hears of the clash.
    def clashed():
        zhang("sync", "folder", shared)
        ui.click("nav-team")
        return bool(ui.all("conflict-row"))

    until(clashed, what="the clash showing on the team page")
    # Both values side by side, the one every laptop shows first; he keeps his own.
    ui.wait("conflict-shown")
    ui.until_text("conflict-list", "谈春季专场招聘")
    ui.until_text("conflict-list", "谈共建实习实践基地")
    ui.shot("conflict-screen")
    ui._retry(lambda: next(b for b in ui.all("conflict-keep") if "谈共建实习实践基地" in b.text).click())
    ui.wait("conflicts-none")

    # On his next tick the settlement reaches the folder; her laptop lists no clash after its pass.
    def settled():
        zhang("sync", "folder", shared)
        return zhang("conflict", "list") == []

    until(settled, what="her laptop hearing the clash settled")
    shown = [v for v in zhang("visit", "list") if v["visit"]["id"] == visit]
    assert shown and shown[0]["visit"]["objectives"] == "谈共建实习实践基地", shown


def test_a_ticket_pasted_on_the_team_page_syncs_with_a_laptop_on_the_network(team, ui, tmp_path):
    """Direct sync where discovery is blocked: her laptop listens on 127.0.0.1 and shows its
    ticket; he pastes it on the team page, and her new employer shows in the app."""
    zhang = team["zhang"]
    zhang("employer", "add", "--name", "常州启明光电有限公司")
    listener = subprocess.Popen(
        [CLI, "sync", "listen", "--bind", "127.0.0.1:0", "--no-mdns", "--once"],
        env=zhang.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = listener.stdout.readline()
        assert first.startswith("ticket\t"), first
        ticket = first.split("\t", 1)[1].strip()
        unlock_as_admin(ui)
        ui.click("nav-team")
        ui.until_text("team-direct-state", "正在监听")
        ui.type("team-direct-peer", ticket)
        ui.click("team-direct-sync")
        ui.until_text("team-direct-exchanges", "应用了 1 条记录", seconds=30)
        ui.shot("direct-synced")
        listener.wait(timeout=30)
        assert listener.returncode == 0, listener.stderr.read()
    finally:
        if listener.poll() is None:
            listener.kill()
    ui.click("nav-employers")
    ui.until_text("employer-list", "常州启明光电有限公司")
