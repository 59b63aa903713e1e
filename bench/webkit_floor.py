"""The floor under the app's memory: the RSS of a bare WebKitGTK window, printed as JSON.

A GTK 3 window holding one WebKit2GTK 4.1 web view (the libraries the app links, through
PyGObject) showing a line of text; its UI process's VmRSS, RssAnon and RssFile 10 s after the
page loaded. `bench/app_figures.py` runs it on the app's X display and reports the app's idle
memory beside it: what the app adds above a web view that does nothing.

Usage: /usr/bin/python3 bench/webkit_floor.py (needs python3-gi and gir1.2-webkit2-4.1).
"""

import json

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

SETTLE_MS = 10_000


def status() -> dict:
    wanted = {"VmRSS": "rss_kib", "RssAnon": "rss_anon_kib", "RssFile": "rss_file_kib"}
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in wanted:
                out[wanted[key]] = int(value.split()[0])
    return out


def main() -> None:
    window = Gtk.Window()
    window.set_default_size(1280, 800)
    view = WebKit2.WebView()
    window.add(view)

    def loaded(_view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            GLib.timeout_add(SETTLE_MS, done)

    def done():
        print(json.dumps(status()))
        Gtk.main_quit()
        return False

    view.connect("load-changed", loaded)
    view.load_html("<!doctype html><meta charset=utf-8><p>访企拓岗</p>", "http://localhost/")
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
