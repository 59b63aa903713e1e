"""The calendar in the real app window: plan on an empty slot, drag, warnings, trips, undo;
and every view over the `campus` demo store."""

import datetime
import os
import subprocess

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import PASSPHRASE, ROOT
from test_flows import EMPLOYER, add_employer, first_run

OTHER = "无锡新材料有限公司"
CLI = ROOT / "target" / "debug" / "visitdesk"


def slot(ui, day: str, time: str):
    """The day column and the time row of the week view: clicking where they cross hits that slot."""
    column = ui.d.find_element(By.CSS_SELECTOR, f'td.fc-timegrid-col[data-date="{day}"]')
    row = ui.d.find_element(By.CSS_SELECTOR, f'td.fc-timegrid-slot-lane[data-time="{time}:00"]')
    return column, row


def click_slot(ui, day, time):
    """Clicks the slot. WebDriver offsets count from the middle of the part of an element in view,
    so they are taken from the time row (wholly in view once scrolled to) across to the day."""
    column, row = slot(ui, day, time)
    ui.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", row)
    c, r = column.rect, row.rect
    dx = (c["x"] + c["width"] / 2) - (r["x"] + r["width"] / 2)
    ActionChains(ui.d).move_to_element_with_offset(row, int(dx), 0).click().perform()


def visit_event(ui, employer):
    """The calendar event of the visit to `employer`."""
    for el in ui.d.find_elements(By.CSS_SELECTOR, ".fc-timegrid-event.vd-visit"):
        if employer in el.get_attribute("textContent"):
            return el
    raise AssertionError(f"no event for {employer}")


def settled(ui, day):
    """Waits until the calendar's layout stops changing (it resizes after a side panel closes)."""
    last = {}

    def same(d):
        rect = d.find_element(By.CSS_SELECTOR, f'td.fc-timegrid-col[data-date="{day}"]').rect
        stable = rect == last.get("rect")
        last["rect"] = rect
        return stable

    WebDriverWait(ui.d, 10, poll_frequency=0.3, ignored_exceptions=(StaleElementReferenceException,)).until(same)


def at(ui, employer, time):
    """Waits until the visit's event shows the start `time`."""
    WebDriverWait(ui.d, 10, ignored_exceptions=(StaleElementReferenceException, AssertionError)).until(
        lambda _: event_time(ui, employer).startswith(time)
    )


def drag(ui, employer, day, time):
    """Drags the visit's event so that its top lands on the slot at `day` `time`."""
    settled(ui, day)
    ev = visit_event(ui, employer)
    ui.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", ev)
    column, row = slot(ui, day, time)
    e, r, c = ev.rect, row.rect, column.rect
    # Grab the event 6 px below its top edge and drop that point 6 px below the slot's top.
    dx = (c["x"] + c["width"] / 2) - (e["x"] + e["width"] / 2)
    dy = (r["y"] + 6) - (e["y"] + 6)
    grab_y = -e["height"] / 2 + 6
    chain = ActionChains(ui.d).move_to_element_with_offset(ev, 0, int(grab_y)).click_and_hold()
    steps = 8
    for _ in range(steps):
        chain.move_by_offset(int(dx / steps), int(dy / steps))
    chain.pause(0.2).release().perform()


def event_time(ui, employer):
    return visit_event(ui, employer).find_element(By.CSS_SELECTOR, ".fc-event-time").get_attribute("textContent")


def plan_on_slot(ui, day, time, search):
    click_slot(ui, day, time)
    ui.wait("calendar-plan")
    ui.type("visit-employer", search)
    ui.click("visit-employer-option")
    ui.click("plan-save")
    ui.gone("calendar-plan")


def test_plan_drag_warn_trip_and_undo_on_the_calendar(ui):
    today = datetime.date.today()
    first_run(ui, window=((today - datetime.timedelta(days=60)).isoformat(), (today + datetime.timedelta(days=120)).isoformat()))
    add_employer(ui)
    add_employer(ui, OTHER, credit_code=None)
    ui.click("nav-calendar")
    ui.wait("calendar")
    ui.click("calendar-view-week")
    WebDriverWait(ui.d, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "td.fc-timegrid-col[data-date]"))
    days = [c.get_attribute("data-date") for c in ui.d.find_elements(By.CSS_SELECTOR, "td.fc-timegrid-col[data-date]")]
    tuesday, wednesday = days[1], days[2]

    # Plan two visits by clicking empty slots; the employer picker searches as one types.
    plan_on_slot(ui, tuesday, "09:00", "绿叶")
    plan_on_slot(ui, wednesday, "09:00", "无锡")
    assert event_time(ui, EMPLOYER).startswith("09:00")
    assert event_time(ui, OTHER).startswith("09:00")
    ui.shot("planned")

    # Build a two-stop trip from the two visits.
    ui.click("trip-select")
    # Entering the selection re-renders the events: find each again if it went stale.
    ui._retry(lambda: visit_event(ui, EMPLOYER).click())
    ui._retry(lambda: visit_event(ui, OTHER).click())
    ui.until_text("trip-select", "2")
    ui.click("trip-build")
    ui.type("trip-name", "苏锡访企拓岗")
    assert len(ui.all("trip-stop")) == 2
    ui.type("trip-travel-note", "高铁 40 分钟")
    ui.click("trip-save")
    ui.gone("calendar-trip")
    ui.until_text("calendar", "苏锡访企拓岗")
    ui.shot("trip")

    # Drag the Wednesday visit onto Tuesday 09:30: 王书记 is already at 绿叶 then.
    drag(ui, OTHER, tuesday, "09:30")
    ui.wait("calendar-warnings")
    kinds = [w.get_attribute("data-kind") for w in ui.all("calendar-warning")]
    assert "double_booked" in kinds, kinds
    ui.until_text("calendar-warnings", "王书记")
    ui.shot("double-booked")
    ui.click("override-cancel")
    ui.gone("calendar-move")
    at(ui, OTHER, "09:00")
    ui.shot("reverted")

    # A move without conflicts saves at once; undo takes it back.
    drag(ui, OTHER, wednesday, "14:00")
    at(ui, OTHER, "14:00")
    assert ui._retry(lambda: visit_event(ui, OTHER).rect["x"] > visit_event(ui, EMPLOYER).rect["x"]), "still on Wednesday"
    ui.click("undo")
    at(ui, OTHER, "09:00")
    ui.shot("undone")


@pytest.fixture
def campus(store_dir):
    """The `campus` demo store, made with the CLI before the app starts."""
    env = dict(os.environ, VISITDESK_STORE=str(store_dir), VISITDESK_PASSPHRASE=PASSPHRASE, VISITDESK_FAST_KDF_FOR_TESTS="1")
    today = datetime.date.today()
    window = [(today - datetime.timedelta(days=90)).isoformat(), (today + datetime.timedelta(days=180)).isoformat()]
    init = [CLI, "init", "--school", "示例职业技术学院", "--name", "王书记", "--role", "secretary", "--from", *window[:1], "--to", window[1]]
    subprocess.run(init, env=env, check=True, capture_output=True)
    subprocess.run([CLI, "demo", "--size", "campus", "--seed", "1"], env=env, check=True, capture_output=True)
    return store_dir


def test_every_view_of_the_campus_store_and_the_view_is_remembered(campus, ui):
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")
    ui.click("nav-calendar")
    ui.wait("calendar")
    for view in ("month", "week", "day", "agenda"):
        ui.click(f"calendar-view-{view}")
        WebDriverWait(ui.d, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="calendar"]').get_attribute("data-view") == view)
        if view == "day":
            # Weekends are empty in the demo: step to a working day.
            for _ in range(3):
                if ui.d.find_elements(By.CSS_SELECTOR, ".vd-visit"):
                    break
                # Days of a week already fetched are not fetched again: wait for the next title.
                title = ui.text_of("calendar-title")
                ui.click("calendar-next")
                WebDriverWait(ui.d, 15).until(lambda _: ui.text_of("calendar-title") != title)
        WebDriverWait(ui.d, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".vd-visit"))
        ui.shot(view)
    # Visits of all three statuses are on the month view, told apart by their classes.
    ui.click("calendar-view-month")
    WebDriverWait(ui.d, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".vd-completed") and d.find_elements(By.CSS_SELECTOR, ".vd-trip"))
    ui.click("calendar-next")
    WebDriverWait(ui.d, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".vd-planned"))
    ui.shot("month-next")

    # The view is kept in the store: after a lock and unlock the calendar opens in it again.
    ui.click("lock")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.click("nav-calendar")
    WebDriverWait(ui.d, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="calendar"]').get_attribute("data-view") == "month")
