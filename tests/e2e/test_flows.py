"""The four flows a secretary's assistant does every day, in the real app window."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import PASSPHRASE

EMPLOYER = "苏州绿叶精密机械有限公司"


def set_value(ui, testid, value):
    """Sets a date/time input as a person picking a value would: the value, then an input event."""
    el = ui.wait(testid)
    ui.d.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        el,
        value,
    )


def first_run(ui, window=None, then="page-dashboard"):
    """Creates a store through the first-run screens; returns the recovery key shown once.
    `window` is the campaign's (first, last) day, else the form's default; `then` what shows
    after (the dashboard, or the tour on the calendar)."""
    ui.type("setup-school", "示例职业技术学院")
    ui.type("setup-name", "王书记")
    ui.select("setup-role", "secretary")
    if window:
        set_value(ui, "setup-campaign-start", window[0])
        set_value(ui, "setup-campaign-end", window[1])
    ui.type("setup-passphrase", PASSPHRASE)
    ui.type("setup-passphrase-again", PASSPHRASE)
    ui.click("setup-submit")
    key = ui.text_of("recovery-key")
    ui.click("recovery-saved")
    ui.click("recovery-continue")
    ui.wait(then)
    return key


def add_employer(ui, name=EMPLOYER, credit_code="91350100M000100Y43"):
    ui.click("nav-employers")
    ui.click("employer-new")
    ui.type("employer-name", name)
    if credit_code:
        ui.type("employer-credit-code", credit_code)
    ui.type("employer-region", "江苏省苏州市")
    ui.click("employer-save")
    ui.until_text("employer-title", name)


def plan_visit(ui, start, end, objectives):
    """Plans a visit to the employer `add_employer` added, led by the first person in the list."""
    ui.click("nav-visits")
    ui.click("visit-new")
    ui.type("visit-employer", "绿叶")
    ui.click("visit-employer-option")
    Select(ui.wait("visit-lead")).select_by_index(1)
    set_value(ui, "visit-start", start)
    set_value(ui, "visit-end", end)
    ui.type("visit-objectives", objectives)
    ui.click("visit-save")
    ui.until_text("visit-status", "计划")


def count(ui, testid):
    """The figure shown on a dashboard tile."""
    ui.wait(testid)
    return int(ui.d.execute_script(f"return document.querySelector('[data-testid=\"{testid}\"] .n').textContent"))


@pytest.mark.tour
def test_the_tour_shows_on_the_first_unlock_only_and_is_skipped_with_esc(ui):
    first_run(ui, then="tour-step")
    ui.shot("tour")
    ui.click("tour-next")
    ui.until_text("tour-step", "安排走访")
    ui.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    ui.gone("tour")
    ui.click("lock")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")
    assert not ui.all("tour"), "shown once only"


def test_first_run_then_lock_and_unlock(ui):
    key = first_run(ui)
    assert len(key.replace("-", "")) == 32
    ui.click("lock")
    ui.wait("unlock-passphrase")
    ui.type("unlock-passphrase", "not the passphrase")
    ui.click("unlock-submit")
    error = ui.wait("unlock-error")
    assert "口令" in error.text
    ui.shot("wrong-passphrase")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")
    ui.shot("dashboard")


def test_add_employer_with_contact_and_see_a_duplicate_warning(ui):
    first_run(ui)
    add_employer(ui)
    ui.click("contact-add")
    ui.type("contact-name", "张经理")
    ui.type("contact-title", "人力资源部经理")
    ui.type("contact-mobile", "13800138000")
    ui.click("contact-save")
    ui.until_text("employer-contacts", "张经理")
    ui.shot("employer")
    # The same company again, written the long way: 有限责任公司 for 有限公司.
    ui.click("nav-employers")
    ui.click("employer-new")
    ui.type("employer-name", "苏州绿叶精密机械有限责任公司")
    ui.click("employer-region")
    ui.until_text("employer-duplicates", EMPLOYER)
    ui.shot("duplicate")


def test_plan_and_complete_a_visit_with_surveys_moves_the_dashboard(ui):
    first_run(ui)
    add_employer(ui)
    ui.click("nav-dashboard")
    before = count(ui, "dash-visits")
    plan_visit(ui, "2027-05-10T09:00", "2027-05-10T11:00", "洽谈共建实习实践基地")
    # A planned visit shows its completion form open.
    ui.type("complete-summary", "双方同意共建实习实践基地，企业希望招聘数控编程人才")
    ui.click("complete-channel")
    ui.click("complete-add-job")
    ui.type("job-title", "数控工程师")
    ui.type("job-headcount", "5")
    ui.click("complete-submit")
    ui.until_text("visit-recorded", "数控工程师")
    ui.click("demand-open")
    ui.type("demand-knowledge", "熟悉机械制图与数控编程")
    ui.type("demand-majors", "数控技术")
    ui.click("demand-save")
    ui.gone("demand-form")
    ui.click("followup-open")
    for rating, score in (("satisfaction_moral", 5), ("satisfaction_literacy", 4), ("satisfaction_ability", 4)):
        ui.click_within(f"followup-{rating}", f".//label[.//input[@value='{score}']]")
    ui.click("followup-save")
    ui.wait("followup-summary")
    ui.shot("visit")
    ui.click("nav-dashboard")
    WebDriverWait(ui.d, 15).until(lambda _: count(ui, "dash-visits") == before + 1)
    assert count(ui, "dash-jobs") == 1
    ui.shot("dashboard")


def test_search_finds_the_visit_by_two_characters_of_its_notes(ui):
    first_run(ui)
    add_employer(ui)
    plan_visit(ui, "2027-05-12T14:00", "2027-05-12T16:00", "了解企业对焊接工艺人才的需求")
    ui.d.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "k")
    ui.type("search-input", "焊接")
    ui.until_text("search-result", "焊接")
    results = ui.all("search-result")
    assert len(results) == 1
    assert "焊接" in results[0].get_attribute("textContent")
    ui.shot("search")
    results[0].click()
    ui.wait("visit-form")
