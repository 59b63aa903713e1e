"""The campaign's records in the real window (issue 17): a school's past visit ledger imported
through the wizard, with the leader not found added as a person once confirmed, and the
dashboard moving; two records of one employer merged, with what was the other's moving to the
one kept; a job posting closed in one click.
"""

import datetime

from test_exchange import Dialogs
from test_flows import add_employer, first_run


def _window():
    today = datetime.date.today()
    return ((today - datetime.timedelta(days=90)).isoformat(), (today + datetime.timedelta(days=180)).isoformat())


def _ledger(today: datetime.date) -> str:
    """A visit ledger as an office keeps it: a title row, the standard's headers, dates in two
    forms, a count typed "约12", a leader not among the people, and a totals row."""
    d1 = (today - datetime.timedelta(days=20)).strftime("%Y%m%d")
    d2 = today - datetime.timedelta(days=10)
    return (
        "示例职业技术学院 访企拓岗台账,,,,,,,\r\n"
        "序号,走访企业名称,牵头拜访人,职务,拜访时间,可提供岗位数,接受实习生人数,走访形式\r\n"
        f"1,华东精密机械有限公司,王书记,党委书记,{d1},约12,6,实地走访\r\n"
        f"2,江南新材料有限公司,李副校长,副校长,{d2.year}年{d2.month}月{d2.day}日,5,,线上视频会议\r\n"
        "合计,,,,,17,6,\r\n"
    )


def _count(ui, testid: str) -> int:
    return int(ui.wait(testid).find_element("css selector", ".n").text)


def test_import_a_past_visit_ledger_and_see_the_dashboard_move(ui, display, tmp_path):
    source = tmp_path / "visits-gb18030.csv"
    source.write_bytes(_ledger(datetime.date.today()).encode("gb18030"))
    dialogs = Dialogs(display)
    first_run(ui, window=_window())
    ui.click("nav-dashboard")
    assert _count(ui, "dash-visits") == 0

    ui.click("nav-employers")
    ui.click("employer-import")
    ui.click("import-kind-visits")
    ui.click("import-next")
    dialogs.answer(str(source))
    ui.wait("import-step-mapping", seconds=30)
    ui.shot("visits-mapping")
    ui.click("import-next")
    ui.wait("import-step-preview", seconds=30)
    # The leader not among the people rejects the row until the user confirms adding them.
    assert _count(ui, "import-count-visits") == 1
    ui.until_text("import-people-list", "李副校长")
    ui.click("import-create-people")
    ui.until_text("import-count-visits", "2", seconds=30)
    ui.until_text("import-reason", "约12")
    ui.shot("visits-preview")
    ui.click("import-next")
    ui.wait("import-step-done", seconds=30)
    ui.shot("visits-done")

    ui.click("nav-dashboard")
    ui.until_text("dash-visits", "2", seconds=30)
    assert _count(ui, "dash-employers-visited") == 2
    ui.until_text("dash-posting-stages", "2")
    ui.shot("visits-dashboard")


def test_merge_two_employers_then_close_a_job_posting(ui):
    first_run(ui, window=_window())
    add_employer(ui, name="华东精密机械设备厂", credit_code=None)
    ui.click("contact-add")
    ui.type("contact-name", "张经理")
    ui.click("contact-save")
    ui.until_text("employer-contacts", "张经理")
    add_employer(ui, name="华东精密机械有限公司", credit_code="91350100M000100Y43")

    # On the one to keep: pick the other, take its region, merge.
    ui.click("merge-open")
    ui.wait("merge-dialog")
    ui.type("merge-employer", "设备厂")
    ui.click("merge-employer-option")
    ui.wait("merge-table")
    ui.shot("merge-dialog")
    ui.click("merge-confirm")
    ui.until_text("toast", "已合并：1 条记录移到“华东精密机械有限公司”名下")
    ui.gone("merge-dialog")
    ui.until_text("employer-contacts", "张经理")
    ui.click("nav-employers")
    ui.until_text("employer-list", "华东精密机械有限公司")
    assert "设备厂" not in ui.text_of("employer-list")

    # A posting the employer sent later, outside any visit, then closed in one click.
    ui.click_within("employer-list", ".//*[contains(text(), '华东精密机械有限公司')]")
    ui.click("posting-add")
    ui.type("posting-title", "数控技术员")
    ui.type("posting-headcount", "4")
    ui.click("posting-save")
    ui.until_text("posting-row", "数控技术员")
    assert ui.text_of("posting-stage-badge") == "已发布"
    ui.click("posting-close")
    ui.until_text("posting-stage-badge", "已关闭")
    ui.shot("posting-closed")
