"""Attachments in the real window (issue 18): a photo attached to a completed visit through the
native open dialog, its thumbnail shown on the visit page, chosen for documents, and the visit
sheet printed with it; the PDF read back with poppler: the photo embedded once, downscaled.
"""

import subprocess

from test_exchange import Dialogs
from test_flows import add_employer, first_run, plan_visit


def _photo(path, width=2400, height=1600):
    """A photo larger than a document prints: ImageMagick's plasma, which compresses like one."""
    subprocess.run(["convert", "-size", f"{width}x{height}", "-seed", "7", "plasma:", "-quality", "90", str(path)], check=True)


def test_attach_a_photo_by_the_dialog_and_print_the_visit_sheet_with_it(ui, display, tmp_path):
    photo = tmp_path / "签约合影.jpg"
    _photo(photo)
    dialogs = Dialogs(display)
    first_run(ui)
    add_employer(ui)
    plan_visit(ui, "2027-05-10T09:00", "2027-05-10T11:00", "洽谈共建实习实践基地")
    ui.type("complete-summary", "双方签订校企合作协议")
    ui.click("complete-submit")
    ui.until_text("visit-status", "完成")

    ui.click("attachments-add")
    dialogs.answer(str(photo))
    ui.wait("attachment-thumb", seconds=30)
    ui.until_text("attachment-name", "签约合影.jpg")
    thumb = ui.wait("attachment-thumb")
    assert ui.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", thumb) == 320
    ui.click("attachment-in-documents")
    ui.shot("visit-with-photo")

    sheet = tmp_path / "sheet.pdf"
    ui.click("visit-sheet")
    dialogs.answer(str(sheet), select_all=True)
    ui.until_text("toast", f"已保存并打开：{sheet}", seconds=60)
    listed = subprocess.run(["pdfimages", "-list", str(sheet)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listed.splitlines()[2:]]
    assert [(row[3], row[4], row[8]) for row in images] == [("1600", "1067", "jpeg")], listed
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "现场照片" in text
    # The pages as a reader sees them, beside the screenshots.
    pages = ui.shot("sheet").with_suffix("")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(sheet), str(pages)], check=True)
