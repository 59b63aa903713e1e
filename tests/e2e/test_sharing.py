"""一帮一 in the real window (issue 20): the app's school (示例职业技术学院) shares two job postings
with its paired school from the sharing page, through the native save dialog; the CLI, acting as
the paired school (示范大学, on its own laptop), imports the package and lists the postings as
来自示例职业技术学院的共享岗位, matched to its own employer by the credit code.
"""

import datetime

import pytest
from selenium.webdriver.support.ui import Select

from conftest import PASSPHRASE
from test_exchange import Dialogs
from test_team import Laptop, unlock_as_admin

PAIR_PASSPHRASE = "示范大学的口令二〇二六"
CREDIT_CODE = "91350100M000100Y43"


def _school(laptop, name, code, window):
    laptop("init", "--school", name, "--name", "王书记", "--role", "secretary", "--from", window[0], "--to", window[1])
    laptop("settings", "--school-code", code)


@pytest.fixture
def schools(store_dir, tmp_path):
    """Our store (the app's) and the paired school's (the CLI's), each with its school code;
    our employer with a visit last week that brought two postings, the same employer at the
    pair under another name; the two schools paired by file and fingerprint."""
    today = datetime.date.today()
    window = [(today - datetime.timedelta(days=60)).isoformat(), (today + datetime.timedelta(days=120)).isoformat()]
    ours, pair = Laptop(store_dir, PASSPHRASE), Laptop(tmp_path / "示范大学", PAIR_PASSPHRASE)
    _school(ours, "示例职业技术学院", "4132010001", window)
    _school(pair, "示范大学", "4132010002", window)
    employer = ours("employer", "add", "--name", "苏州绿叶精密机械有限公司", "--credit-code", CREDIT_CODE)["id"]
    pair("employer", "add", "--name", "绿叶精密（苏州）", "--credit-code", CREDIT_CODE)
    ours("person", "add", "--name", "李校长", "--role", "president")
    day = (today - datetime.timedelta(days=7)).isoformat()
    visit = ours("visit", "plan", "--employer", employer, "--lead", "李校长", "--start", f"{day} 09:00", "--end", f"{day} 11:00")["id"]
    ours("visit", "complete", visit, "--job", "数控工程师:5:机电一体化", "--job", "质检员:3")
    our_file, pair_file = tmp_path / "我校配对文件.json", tmp_path / "示范大学配对文件.json"
    our_fp = ours("pair", "request", "--out", str(our_file))["fingerprint"]
    pair_fp = pair("pair", "request", "--out", str(pair_file))["fingerprint"]
    ours("pair", "add", str(pair_file), "--fingerprint", pair_fp)
    pair("pair", "add", str(our_file), "--fingerprint", our_fp)
    return pair


def test_two_postings_shared_from_the_app_are_imported_by_the_paired_school(schools, ui, display, tmp_path):
    pair = schools
    dialogs = Dialogs(display)
    unlock_as_admin(ui)
    ui.click("nav-sharing")
    ui.until_text("pair-row", "示范大学")
    Select(ui.wait("share-pair")).select_by_visible_text("示范大学")
    ui.type("share-employer", "绿叶")
    ui.click("share-employer-option")
    package = tmp_path / "共享岗位.vdshare"
    ui.click("share-submit")
    dialogs.answer(str(package), select_all=True)
    ui.until_text("share-result", "2 个岗位", seconds=30)
    ui.shot("shared")

    got = pair("share", "import", str(package))
    assert (got["added"], got["matched"]) == (2, 2), got
    listed = pair("share", "list")
    assert sorted(r["job"]["posting"]["title"] for r in listed) == ["数控工程师", "质检员"], listed
    assert {r["from_school"] for r in listed} == {"示例职业技术学院"}, listed
    assert {r["matched_employer"] for r in listed} == {"绿叶精密（苏州）"}, listed
    # The app's ledger of pairs counts the headcount shared.
    ui.until_text("pair-row", "8")
