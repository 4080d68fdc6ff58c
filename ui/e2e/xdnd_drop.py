#!/usr/bin/python3
"""Drops files on whatever X window is under a point, as a file manager does.

Usage: xdnd_drop.py X Y PATH...   (X and Y are root-window coordinates)

This is the source side of the XDND protocol (version 5), the drag and drop
that file managers and GTK speak on X11: it owns the XdndSelection, offers
text/uri-list, sends XdndEnter, XdndPosition and XdndDrop to the window under
the point, answers the target's requests for the data, and waits for
XdndFinished. The target does the rest with its own toolkit, so an app under
test receives the drop exactly as it would from the desktop.

Exit status 0 when the target accepted and finished the drop; otherwise a
message on stderr says which step failed. Needs Debian's python3-xlib.
"""

import sys
import time
from pathlib import Path
from urllib.parse import quote

from Xlib import X, Xatom, display, protocol

XDND_VERSION = 5
TIMEOUT_S = 15


def fail(message):
    sys.stderr.write(f"xdnd_drop: {message}\n")
    sys.exit(1)


def uri_list(paths):
    """The text/uri-list payload: one file:// URI per line, CRLF-terminated."""
    return "".join(f"file://{quote(str(Path(p).resolve()))}\r\n" for p in paths).encode()


class Source:
    def __init__(self, paths):
        self.d = display.Display()
        self.root = self.d.screen().root
        self.atom = lambda name: self.d.intern_atom(name)
        self.window = self.root.create_window(0, 0, 1, 1, 0, X.CopyFromParent, event_mask=X.PropertyChangeMask)
        self.payload = uri_list(paths)
        self.uri_list = self.atom("text/uri-list")
        self.requests = 0

    def server_time(self):
        """A timestamp from the X server, as a real drag carries."""
        self.window.change_property(self.atom("MEDVAULT_TIME"), Xatom.STRING, 8, b"", X.PropModeAppend)
        self.d.flush()
        while True:
            ev = self.d.next_event()
            if ev.type == X.PropertyNotify and ev.window == self.window:
                return ev.time

    def target_at(self, x, y):
        """The XDND-aware window under (x, y), searched from the top-level down."""
        aware = self.atom("XdndAware")
        win = self.root
        while True:
            child = win.translate_coords(self.root, x, y).child
            if not child or child.id == X.NONE:
                return None
            prop = child.get_full_property(aware, X.AnyPropertyType)
            if prop is not None and prop.value:
                return child, int(prop.value[0])
            win = child

    def send(self, target, name, data):
        msg = protocol.event.ClientMessage(
            window=target, client_type=self.atom(name), data=(32, (data + [0] * 5)[:5])
        )
        target.send_event(msg, event_mask=X.NoEventMask)
        self.d.flush()

    def answer(self, ev):
        """Gives the dragged URIs to a target that asks for them."""
        prop = ev.property or ev.target
        if ev.selection == self.atom("XdndSelection") and ev.target == self.uri_list:
            ev.requestor.change_property(prop, self.uri_list, 8, self.payload)
            self.requests += 1
        else:
            prop = X.NONE
        notify = protocol.event.SelectionNotify(
            time=ev.time, requestor=ev.requestor, selection=ev.selection, target=ev.target, property=prop
        )
        ev.requestor.send_event(notify)
        self.d.flush()

    def wait_for(self, target, name, deadline):
        """Serves data requests until the target sends `name`; returns its data."""
        want = self.atom(name)
        while time.monotonic() < deadline:
            while self.d.pending_events():
                ev = self.d.next_event()
                if ev.type == X.SelectionRequest:
                    self.answer(ev)
                elif ev.type == X.ClientMessage and ev.client_type == want:
                    return ev.data[1]
            time.sleep(0.01)
        fail(f"the target window sent no {name} within {TIMEOUT_S} s")

    def drop(self, x, y):
        found = self.target_at(x, y)
        if found is None:
            fail(f"no window that accepts drops is under ({x}, {y})")
        target, version = found
        if version < 3:
            fail(f"the window under ({x}, {y}) speaks XDND version {version}; 3 or newer is needed")
        version = min(version, XDND_VERSION)
        now = self.server_time()
        self.window.set_selection_owner(self.atom("XdndSelection"), now)
        deadline = time.monotonic() + TIMEOUT_S
        src = self.window.id
        self.send(target, "XdndEnter", [src, version << 24, self.uri_list, 0, 0])
        # Two moves, as a hand makes, then the drop where the pointer rests.
        for dx in (-1, 0):
            self.send(target, "XdndPosition", [src, 0, ((x + dx) << 16) | y, now, self.atom("XdndActionCopy")])
            status = self.wait_for(target, "XdndStatus", deadline)
        if not status[1] & 1:
            self.send(target, "XdndLeave", [src, 0])
            fail("the target window refused the drop (XdndStatus without accept)")
        self.send(target, "XdndDrop", [src, 0, now])
        finished = self.wait_for(target, "XdndFinished", deadline)
        if version >= 5 and not finished[1] & 1:
            fail("the target window finished the drop without accepting it")
        if self.requests == 0:
            fail("the target window never asked for the dropped files")


def main(argv):
    if len(argv) < 4:
        fail("usage: xdnd_drop.py X Y PATH...")
    x, y = int(argv[1]), int(argv[2])
    Source(argv[3:]).drop(x, y)


if __name__ == "__main__":
    main(sys.argv)
