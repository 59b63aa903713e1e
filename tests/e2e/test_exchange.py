"""Spreadsheets in and out through the real window: a messy CSV file picked in the native
open dialog, mapped, previewed, imported and undone; then the ledger saved through the native
save dialog and read back with openpyxl, and a PDF saved with its progress shown.

The GTK dialogs are driven like a person at the keyboard, with xdotool on the test display:
wait for the dialog's window, give it the focus, Ctrl+L (the location field), type the path,
Return. No test-only way around the dialog exists in the app.
"""

import os
import subprocess
import time

import openpyxl
from selenium.webdriver.support.ui import WebDriverWait

from test_flows import first_run

# An employer list as Excel on Chinese Windows saves it (GB18030): a title row and a blank row
# above the header, a header with a note in brackets, a full-width credit code, a wrong e-mail,
# one employer on two rows (a second contact), a wrong check character and a totals row.
MESSY_CSV = (
    "示例职业技术学院 2022年合作单位名单,,,,\r\n"
    ",,,,\r\n"
    "单位名称（全称）,统一社会信用代码,联系人,手机,电子邮箱\r\n"
    "苏州绿叶精密机械有限公司,９１３５０１００Ｍ０００１００Ｙ４３,张经理,13800138000,zhang@lvye.cn\r\n"
    "无锡新材料有限公司,,李四,13900139000,li@@bad\r\n"
    "无锡新材料有限公司,,王五,13700137000,\r\n"
    "常州电子有限公司,91350100M000100Y44,赵六,,\r\n"
    "合计,3,,,\r\n"
)


class Dialogs:
    """The native file dialogs on the test display, through xdotool."""

    def __init__(self, display: str):
        self.env = dict(os.environ, DISPLAY=display)

    def _xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        return done.stdout.strip()

    def _dialog(self, seconds: float = 20) -> str:
        """The window id of the file dialog, once it is shown: GTK dialogs are of class Visitdesk's
        program but are not the main window, whose title is the app's name."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ids = self._xdotool("search", "--onlyvisible", "--name", ".").split()
            for wid in ids:
                name = self._xdotool("getwindowname", wid)
                if name and name != "访企拓岗工作台":
                    return wid
            time.sleep(0.25)
        raise AssertionError("no file dialog appeared")

    def answer(self, path: str, select_all: bool = False) -> None:
        """Types `path` into the dialog that is opening, and confirms it."""
        wid = self._dialog()
        # Let GTK finish mapping the dialog and focus its first field before typing.
        time.sleep(0.7)
        self._xdotool("windowfocus", "--sync", wid)
        if select_all:
            # A save dialog: its name field holds the suggested name; a full path replaces it.
            self._xdotool("key", "--clearmodifiers", "ctrl+a")
        else:
            self._xdotool("key", "--clearmodifiers", "ctrl+l")
        time.sleep(0.3)
        self._xdotool("type", "--delay", "15", path)
        time.sleep(0.3)
        self._xdotool("key", "--clearmodifiers", "Return")


def test_import_a_messy_csv_through_the_file_dialog_then_export_the_ledger_and_a_pdf(ui, display, tmp_path):
    source = tmp_path / "employers-gb18030.csv"
    source.write_bytes(MESSY_CSV.encode("gb18030"))
    dialogs = Dialogs(display)
    first_run(ui)

    ui.click("nav-employers")
    ui.click("employer-import")
    ui.click("import-next")
    dialogs.answer(str(source))

    # Mapping: the encoding was detected, the header found under the title rows.
    ui.wait("import-step-mapping", seconds=30)
    assert "employers-gb18030.csv" in ui.text_of("import-file")
    assert ui.wait("import-header-row").get_attribute("value") == "3"
    encoding = ui.wait("import-encoding")
    assert "GB18030" in ui.d.execute_script("return arguments[0].selectedOptions[0].textContent", encoding)
    fields = [ui.wait(f"import-field-{i}").get_attribute("value") for i in range(5)]
    assert fields == ["name", "credit_code", "contact_name", "mobile", "email"]
    ui.shot("mapping")

    # Preview: every row with what happens to it, the rejected one with its reason.
    ui.click("import-next")
    ui.wait("import-step-preview", seconds=30)
    counts = {k: ui.wait(f"import-count-{k}").find_element("css selector", ".n").text for k in ("created", "merged_in_file", "rejected", "skipped")}
    assert counts == {"created": "2", "merged_in_file": "1", "rejected": "1", "skipped": "1"}
    ui.until_text("import-rows", "常州电子有限公司")
    ui.until_text("import-reason", "统一社会信用代码校验位不对")
    ui.until_text("import-reason", "电子邮箱“li@@bad”格式不对，未导入。")
    ui.shot("preview")

    # Commit, then the employers are in the list.
    ui.click("import-next")
    ui.wait("import-step-done", seconds=30)
    assert ui.text_of("import-done-summary").startswith("新建用人单位 2 家")
    ui.shot("done")
    ui.click("import-next")
    ui.until_text("employer-list", "苏州绿叶精密机械有限公司")
    ui.until_text("employer-list", "无锡新材料有限公司")
    assert "常州电子有限公司" not in ui.text_of("employer-list")

    # The app's undo takes the whole import back in one step: five records (two employers,
    # three contacts).
    ui.click("undo")
    ui.until_text("toast", "已撤销，5 条记录已恢复原样")
    WebDriverWait(ui.d, 15).until(lambda d: not ui.all("employer-row"))

    # Import again and export the ledger through the save dialog; the workbook is real.
    ui.click("employer-import")
    ui.click("import-next")
    dialogs.answer(str(source))
    ui.wait("import-step-mapping", seconds=30)
    ui.click("import-next")
    ui.wait("import-step-preview", seconds=30)
    ui.click("import-next")
    ui.wait("import-step-done", seconds=30)

    ledger = tmp_path / "ledger.xlsx"
    ui.click("nav-dashboard")
    ui.wait("dash-leader")
    ui.shot("dashboard")
    ui.click("dash-export-ledger")
    dialogs.answer(str(ledger), select_all=True)
    ui.until_text("toast", f"已导出：{ledger}", seconds=30)
    ui.shot("export-toast")
    book = openpyxl.load_workbook(ledger)
    assert "用人单位" in book.sheetnames
    names = [row[1] for row in book["用人单位"].iter_rows(values_only=True)]
    assert "苏州绿叶精密机械有限公司" in names and "无锡新材料有限公司" in names

    # A PDF through the same save dialog: the button shows the pages as the shell writes them.
    ui.d.execute_script(
        "const b = arguments[0]; window.seen = [];"
        "new MutationObserver(() => window.seen.push(b.textContent.trim())).observe(b, {subtree: true, childList: true, characterData: true});",
        ui.wait("dash-summary"),
    )
    summary = tmp_path / "summary.pdf"
    ui.click("dash-summary")
    dialogs.answer(str(summary), select_all=True)
    ui.until_text("toast", f"已保存并打开：{summary}", seconds=60)
    assert summary.read_bytes().startswith(b"%PDF")
    seen = ui.d.execute_script("return window.seen")
    assert any(label.startswith("正在生成… 第 ") and " 页" in label for label in seen), seen
