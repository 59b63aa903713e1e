"""An assistant's day in the real window: she signs in with her own passphrase, sees the admin's
actions disabled with the right they need, may not record another leader's visit, and records
the completion of the leader she assists."""

import datetime
import os
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import PASSPHRASE, ROOT

CLI = str(ROOT / "target" / "debug" / "visitdesk")
ZHANG = "张秘书的口令二〇二二"


@pytest.fixture
def team(store_dir):
    """王书记's store (the admin) with 李校长, and 张秘书 who assists him, made with the CLI before
    the app starts; a visit of each leader yesterday, still to be recorded."""
    env = dict(os.environ, VISITDESK_STORE=str(store_dir), VISITDESK_PASSPHRASE=PASSPHRASE, VISITDESK_FAST_KDF_FOR_TESTS="1")
    today = datetime.date.today()
    window = [(today - datetime.timedelta(days=60)).isoformat(), (today + datetime.timedelta(days=120)).isoformat()]

    def cli(*args, **extra):
        out = subprocess.run([CLI, *args], env=dict(env, **extra), check=True, capture_output=True, text=True)
        return out.stdout.split("\t")[0].strip()

    cli("init", "--school", "示例职业技术学院", "--name", "王书记", "--role", "secretary", "--from", window[0], "--to", window[1])
    cli("person", "add", "--name", "李校长", "--role", "president")
    cli("person", "add", "--name", "张秘书", "--role", "staff", "--assists", "李校长")
    cli("person", "passphrase", "张秘书", VISITDESK_NEW_PASSPHRASE=ZHANG)
    employer = cli("employer", "add", "--name", "苏州绿叶精密机械有限公司")
    day = (today - datetime.timedelta(days=1)).isoformat()
    for lead, hours in (("李校长", ("09:00", "11:00")), ("王书记", ("14:00", "16:00"))):
        cli("visit", "plan", "--employer", employer, "--lead", lead, "--start", f"{day} {hours[0]}", "--end", f"{day} {hours[1]}")
    return store_dir


def open_past_visit_of(ui, lead):
    ui.click("nav-visits")
    ui.click("visits-past")
    ui.until_text("visit-list", lead)
    row = next(r for r in ui.all("visit-row") if lead in r.text)
    row.find_element(By.CSS_SELECTOR, "td.when button").click()
    ui.wait("visit-status")


def test_an_assistant_records_for_her_leader_and_the_admin_actions_are_disabled(team, ui):
    Select(ui.wait("unlock-person")).select_by_visible_text("张秘书")
    ui.type("unlock-passphrase", ZHANG)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")

    # Settings: what needs an admin is disabled, and says which right it needs.
    ui.click("nav-settings")
    assert not ui.wait("person-add").is_enabled()
    assert "管理人员" in ui.text_of("people-needs")
    assert not ui.wait("settings-save").is_enabled()
    assert "管理专项行动" in ui.text_of("settings-needs")
    assert not any(b.is_enabled() for b in ui.all("person-remove"))
    ui.shot("settings")

    # Another leader's visit: shown, but not hers to record.
    open_past_visit_of(ui, "王书记")
    assert "处理该校领导的走访和行程" in ui.text_of("visit-locked")
    assert not ui.all("complete-submit") or not ui.wait("complete-submit").is_enabled()
    ui.shot("not-hers")

    # Her leader's visit: she records its completion.
    open_past_visit_of(ui, "李校长")
    if not ui.all("complete-summary"):
        ui.click("complete-open")
    ui.type("complete-summary", "双方同意共建实习实践基地")
    ui.click("complete-channel")
    ui.click("complete-submit")
    ui.until_text("visit-status", "已完成")
    # Recorded by her, not by 李校长: it waits for his confirmation, which is not hers to give.
    ui.until_text("visit-awaiting", "待确认")
    assert not ui.wait("visit-confirm").is_enabled()
    assert "确认他人代为记录的走访" in ui.wait("visit-confirm").get_attribute("title")
    # The visit's history says what she changed, and that she did.
    ui.click("history-show")
    ui.until_text("history-row", "张秘书")
    ui.until_text("history-row", "修改")
    ui.shot("recorded")


def test_the_admin_makes_the_store_a_team_and_sees_this_laptop_listed(ui):
    from test_flows import first_run

    first_run(ui)
    ui.click("nav-team")
    ui.wait("team-none")
    ui.type("team-device-name", "王书记的笔记本")
    ui.click("team-create")
    ui.until_text("device-list", "王书记的笔记本")
    assert ui.all("device-this"), "this laptop is marked"
    assert ui.wait("team-export").is_enabled() and ui.wait("team-import").is_enabled()
    ui.shot("team")
