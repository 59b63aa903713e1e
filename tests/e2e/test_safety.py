"""Safety in the real app window: hostile text stays text, and a backup restores."""

from conftest import PASSPHRASE
from test_flows import EMPLOYER, add_employer, first_run

HOSTILE = "<script>document.title='pwned'</script> 及 <img src=x onerror=\"document.title='pwned'\"> 备注"


def test_a_note_with_script_and_img_onerror_is_shown_as_text_and_runs_nothing(ui):
    first_run(ui)
    title = ui.d.title
    images = ui.d.execute_script("return document.images.length")
    scripts = ui.d.execute_script("return document.scripts.length")

    ui.click("nav-employers")
    ui.click("employer-new")
    ui.type("employer-name", EMPLOYER)
    ui.type("employer-region", "江苏省苏州市")
    ui.type("employer-notes", HOSTILE)
    ui.click("employer-save")
    ui.until_text("employer-title", EMPLOYER)
    # The note is on the page, character for character, as the text of an element.
    shown = ui.d.execute_script(
        "return Array.from(document.querySelectorAll('dd')).map(e => e.textContent).find(t => t.includes('onerror'))"
    )
    assert shown == HOSTILE
    ui.shot("hostile-note")
    # Nothing ran and nothing was made of it: no new <img> or <script>, the title as it was.
    assert ui.d.title == title != "pwned"
    assert ui.d.execute_script("return document.images.length") == images
    assert ui.d.execute_script("return document.scripts.length") == scripts
    assert ui.d.execute_script("return document.querySelector('img[src=\"x\"]')") is None

    # Still nothing after leaving the page and coming back through the list.
    ui.click("nav-employers")
    ui.until_text("employer-row", EMPLOYER)
    assert ui.d.title == title
    assert ui.d.execute_script("return document.images.length") == images


def test_backup_in_settings_then_a_change_then_restore_brings_the_store_back(ui):
    first_run(ui)
    add_employer(ui)

    ui.click("nav-settings")
    ui.click("backup-now")
    ui.wait("backup-row")
    assert len(ui.all("backup-row")) == 1
    ui.shot("backup-made")

    # A change after the backup.
    add_employer(ui, name="无锡后来添加科技有限公司", credit_code=None)
    ui.click("nav-employers")
    ui.until_text("employer-row", "无锡后来添加科技有限公司")

    ui.click("nav-settings")
    ui.click("backup-restore")
    ui.wait("backup-confirm")
    ui.type("backup-passphrase", "not the passphrase")
    ui.click("backup-restore-submit")
    ui.until_text("backup-error", "口令")
    ui.shot("restore-wrong-passphrase")
    ui.type("backup-passphrase", PASSPHRASE)
    ui.shot("restore-confirm")
    ui.click("backup-restore-submit")

    # Locked, on the unlock screen, which says the backup is back.
    ui.until_text("unlock-notice", "备份已恢复")
    ui.shot("restored-unlock")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")

    ui.click("nav-employers")
    ui.until_text("employer-row", EMPLOYER)
    names = [row.text for row in ui.all("employer-row")]
    assert not any("无锡后来添加" in n for n in names), names
    # The store as it was before the restore is kept as a backup.
    ui.click("nav-settings")
    ui.until_text("backup-list", "恢复前的数据")
    ui.shot("backups-after-restore")


def test_the_shell_locks_an_idle_store_on_its_own_and_the_window_follows(ui):
    first_run(ui)
    ui.click("nav-settings")
    ui.type("settings-autolock", "1")
    ui.click("settings-save")
    ui.until_text("toast", "已保存")
    # No input from here on: the shell's guard locks a minute after the last touch (it looks
    # every 5 s) and tells the window, which drops the page for the unlock screen.
    ui.until_text("unlock-notice", "长时间未操作", seconds=100)
    assert not ui.all("page-settings")
    ui.shot("idle-locked")
    ui.type("unlock-passphrase", PASSPHRASE)
    ui.click("unlock-submit")
    ui.wait("page-dashboard")
