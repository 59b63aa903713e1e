"""End-to-end tests of the real Visitdesk app: the built binary in a real window under Xvfb,
driven through WebDriver (tauri-driver in front of Debian's WebKitWebDriver).

Each test gets a fresh store folder and its own tauri-driver, so the app under test starts
with nothing. `make e2e` builds the app once and runs every flow against that binary.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import urllib3
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("VISITDESK_APP", ROOT / "target" / "debug" / "visitdesk-app"))
SHOTS = Path(os.environ.get("VISITDESK_SHOTS", ROOT / "target" / "e2e-shots"))
PASSPHRASE = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def _stop(proc) -> None:
    """Ends a driver process: asked first, killed if it has not gone in 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _start_session(port: int, options, attempts: int = 3):
    """A WebDriver session; a start that the driver drops is tried again, a few times."""
    for attempt in range(1, attempts + 1):
        try:
            return webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
        except (WebDriverException, urllib3.exceptions.HTTPError):
            if attempt == attempts:
                raise
            time.sleep(1)


@pytest.fixture(scope="session")
def display():
    """An X display: the one we are given, or a private Xvfb."""
    if os.environ.get("DISPLAY") and not os.environ.get("VISITDESK_E2E_OWN_XVFB"):
        yield os.environ["DISPLAY"]
        return
    number = 90 + os.getpid() % 9
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline:
            xvfb.kill()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.1)
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def driver(display, store_dir, request):
    """The app under test, freshly started on `store_dir`, and a WebDriver session on it."""
    assert APP.exists(), f"build the app first (make app): {APP} is missing"
    port = _free_port()
    native = _free_port()
    env = dict(
        os.environ,
        DISPLAY=display,
        VISITDESK_STORE=str(store_dir),
        VISITDESK_FAST_KDF_FOR_TESTS="1",
    )
    tauri_driver = shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver")
    proc = subprocess.Popen(
        [tauri_driver, "--port", str(port), "--native-port", str(native)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, 20)
        # tauri-driver listens before the WebKitWebDriver it starts does; a session asked for in
        # between fails ("Connection refused" on the native port).
        _wait_for_port(native, 20)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(APP)})
        drv = _start_session(port, options)
        drv.implicitly_wait(0)
        yield drv
        drv.quit()
    finally:
        _stop(proc)


class Ui:
    """Small helpers over a WebDriver session, by data-testid."""

    def __init__(self, driver, name: str):
        self.d = driver
        self.name = name

    def wait(self, testid: str, seconds: float = 15):
        """The element, once it is in the page, scrolled into view and shown."""

        def shown(d):
            el = d.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
            d.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
            return el if el.is_displayed() else False

        return WebDriverWait(self.d, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(shown)

    def _retry(self, action, seconds: float = 15):
        """Runs `action` until the page stops re-rendering under it (a stale element) or time runs out."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return action()
            except (StaleElementReferenceException, ElementClickInterceptedException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def gone(self, testid: str, seconds: float = 15) -> None:
        WebDriverWait(self.d, seconds).until(
            EC.invisibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]'))
        )

    def all(self, testid: str):
        return self.d.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')

    def click(self, testid: str) -> None:
        self._retry(lambda: self.wait(testid).click())

    def click_within(self, testid: str, xpath: str) -> None:
        """Clicks the element at `xpath` inside the one with this testid."""
        self._retry(lambda: self.wait(testid).find_element(By.XPATH, xpath).click())

    def type(self, testid: str, text: str, clear: bool = True) -> None:
        def typing():
            el = self.wait(testid)
            if clear:
                el.clear()
            el.send_keys(text)

        self._retry(typing)

    def select(self, testid: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.wait(testid)).select_by_value(value)

    def text_of(self, testid: str) -> str:
        return self.wait(testid).text

    def until_text(self, testid: str, text: str, seconds: float = 15) -> None:
        """Waits until some element with this testid holds `text` (its DOM text content)."""
        script = (
            "return Array.from(document.querySelectorAll(arguments[0]))"
            ".some(e => e.textContent.includes(arguments[1]));"
        )
        WebDriverWait(self.d, seconds).until(
            lambda d: d.execute_script(script, f'[data-testid="{testid}"]', text)
        )

    def shot(self, label: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{label}.png"
        self.d.save_screenshot(str(path))
        return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def ui(driver, request):
    """The UI helpers; on failure, a screenshot of what the window showed. The guided tour a
    first unlock shows is marked seen, so the flows meet the page itself; the one test about the
    tour (marked `tour`) meets it."""
    helper = Ui(driver, request.node.name)
    if request.node.get_closest_marker("tour") is None:
        driver.execute_script("localStorage.setItem('visitdesk.tour.seen', '1')")
    else:
        driver.execute_script("localStorage.removeItem('visitdesk.tour.seen')")
    yield helper
    if getattr(request.node, "failed_call", False):
        print(f"screenshot of the failure: {helper.shot('failure')}")


def pytest_configure(config):
    config.addinivalue_line("markers", "tour: the test meets the guided tour a first unlock shows")
