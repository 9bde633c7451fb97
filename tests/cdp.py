"""A small Chrome DevTools Protocol client for tests: headless Chromium over ``--remote-debugging-pipe``.

Chromium reads commands from fd 3 and writes replies and events to fd 4, as JSON messages ended by a NUL byte. One
page is opened in a flat session; clicks and keys are real input events (``Input.dispatch*``), so the page sees what a
person's mouse and keyboard would give it. Console errors, uncaught exceptions and requests that leave the machine
are collected; downloads land in a folder under their GUID. Every wait has a timeout that fails with what was awaited.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,900",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


class CdpError(AssertionError):
    """Chromium did not answer, answered with an error, or the page did not do what was awaited in time."""


@dataclass
class Download:
    guid: str
    suggested: str
    path: Path

    def json(self) -> Any:
        return json.loads(self.path.read_text(encoding="utf-8"))


@dataclass
class Browser:
    """Headless Chromium with one page. Use as a context manager: Chromium is always killed on exit."""

    exe: str
    workdir: Path
    timeout: float = 20.0
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, error log entries
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    dialogs: list[str] = field(default_factory=list)  # the type of every dialog the page opened (all accepted)
    _proc: subprocess.Popen | None = None
    _out: int = -1  # our end of Chromium's fd 3 (we write)
    _in: int = -1  # our end of Chromium's fd 4 (we read)
    _buf: bytes = b""
    _next_id: int = 0
    _events: list[dict[str, Any]] = field(default_factory=list)
    _session: str = ""
    _downloads: Path | None = None

    def __enter__(self) -> Browser:
        try:
            self._launch()
        except BaseException:
            self.close()  # Chromium never outlives a failed start
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- process and pipe -------------------------------------------------------------------------------------------

    def _launch(self) -> None:
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        self._out, self._in = to_chrome_w, from_chrome_r

        # Four new descriptors take the lowest free numbers, so 3 and 4 are open here and pass_fds can keep them;
        # in the child, after the fork, Chromium's ends are moved onto them.
        def wire() -> None:
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        profile = self.workdir / "profile"
        args = [self.exe, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        log = open(self.workdir / "chromium.log", "wb")  # Chromium keeps its own copy
        try:
            self._proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(3, 4), preexec_fn=wire
            )
        finally:
            log.close()
            os.close(to_chrome_r)
            os.close(from_chrome_w)
        self._attach()

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
        for fd in (self._out, self._in):
            if fd >= 0:
                os.close(fd)
        self._out = self._in = -1
        self._proc = None

    def _send(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data) :]
        return self._next_id

    def _read(self, deadline: float) -> dict[str, Any] | None:
        """The next message, or None once ``deadline`` passed."""
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                return None
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise CdpError(f"Chromium closed the pipe; see {self.workdir / 'chromium.log'}")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        msg = json.loads(raw)
        if "method" in msg:
            self._note(msg)
        return msg

    def _note(self, event: dict[str, Any]) -> None:
        """Keep an event for :meth:`wait_event`, and record errors and requests as they come."""
        self._events.append(event)
        method, p = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            self.errors.append(f"log: {p['entry']['text']} {p['entry'].get('url', '')}")
        elif method == "Network.requestWillBeSent":
            self.requests.append(p["request"]["url"])
        elif method == "Page.javascriptDialogOpening":  # a person would answer; here the answer is always yes
            self.dialogs.append(p["type"])
            self._send("Page.handleJavaScriptDialog", {"accept": True}, self._session)

    def call(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True) -> dict[str, Any]:
        """Send a command (to the page's session, or to the browser) and return its result."""
        sent = self._send(method, params, self._session if page else None)
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._read(deadline)
            if msg is None:
                raise CdpError(f"no answer to {method} within {self.timeout:.0f} s")
            if msg.get("id") == sent:
                if "error" in msg:
                    raise CdpError(f"{method}: {msg['error'].get('message')} {msg['error'].get('data', '')}")
                return msg.get("result", {})

    def wait_event(self, method: str, timeout: float | None = None, **match: Any) -> dict[str, Any]:
        """The params of the first unconsumed event ``method`` whose params include ``match``."""
        deadline = time.monotonic() + (timeout or self.timeout)
        seen = 0
        while True:
            for k in range(seen, len(self._events)):
                e = self._events[k]
                p = e.get("params", {})
                if e["method"] == method and all(p.get(key) == v for key, v in match.items()):
                    del self._events[k]
                    return p
            seen = len(self._events)
            if self._read(deadline) is None:
                raise CdpError(f"no {method} event {match or ''} within {timeout or self.timeout:.0f} s")

    def _attach(self) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, page=False)["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, page=False)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Page.setLifecycleEventsEnabled", {"enabled": True})

    # -- what tests use ---------------------------------------------------------------------------------------------

    def open(self, path: Path) -> None:
        """Load a local file and wait for its load event."""
        loader = self.call("Page.navigate", {"url": Path(path).resolve().as_uri()})["loaderId"]
        self.wait_event("Page.lifecycleEvent", name="load", loaderId=loader)

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in res:
            raise CdpError(f"{expression!r} threw: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def box(self, selector: str) -> tuple[float, float]:
        """The centre of the first element matching ``selector`` (of its first line box, for a link that wraps),
        scrolled into view; fails when it is not shown."""
        found = self.js(
            f"(()=>{{const e=document.querySelector({json.dumps(selector)});if(!e)return null;"
            "e.scrollIntoView({block:'center'});const r=e.getClientRects()[0];"
            "return r&&r.width&&r.height?[r.x+r.width/2,r.y+r.height/2]:'hidden';})()"
        )
        if found is None:
            raise CdpError(f"no element matches {selector!r}")
        if found == "hidden":
            raise CdpError(f"{selector!r} is not shown")
        return float(found[0]), float(found[1])

    def click(self, selector: str) -> None:
        """A left click in the middle of the element, as a mouse gives it (move, press, release)."""
        x, y = self.box(selector)
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def key(self, key: str, code: str = "", vk: int = 0, modifiers: int = 0, commands: list[str] | None = None) -> None:
        """Press and release one key; a printable key also types its character."""
        code = code or (f"Key{key.upper()}" if len(key) == 1 and key.isalpha() else key)
        vk = vk or (ord(key.upper()) if len(key) == 1 else 0)
        down: dict[str, Any] = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if len(key) == 1 and not modifiers:
            down["text"] = key
        if modifiers:
            down["modifiers"] = modifiers
        if commands:
            down["commands"] = commands
        self.call("Input.dispatchKeyEvent", down)
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "modifiers": modifiers})

    def type(self, text: str) -> None:
        """Text typed into the focused field, as an input method commits it."""
        self.call("Input.insertText", {"text": text})

    def allow_downloads(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.call(
            "Browser.setDownloadBehavior",
            {"behavior": "allowAndName", "downloadPath": str(folder), "eventsEnabled": True},
            page=False,
        )
        self._downloads = folder

    def download(self, selector: str) -> Download:
        """Click ``selector`` and wait for the file it downloads."""
        if self._downloads is None:
            raise CdpError("call allow_downloads(folder) first")
        self.click(selector)
        begin = self.wait_event("Browser.downloadWillBegin")
        self.wait_event("Browser.downloadProgress", guid=begin["guid"], state="completed")
        return Download(begin["guid"], begin["suggestedFilename"], self._downloads / begin["guid"])

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def outside_requests(self) -> list[str]:
        """Requests for anything that is not on this machine (there should be none)."""
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]
