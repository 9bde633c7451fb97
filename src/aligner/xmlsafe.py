"""The one place XML is parsed: no network access, no entity expansion, no external DTD."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from .errors import FormatError, InputError


def parse_xml(path: str | Path) -> Element:
    """Parse an XML file safely and return its root element.

    Entity declarations (internal or external) and external references are refused; a DOCTYPE that only names a DTD
    is accepted but the DTD is never read. Every failure is one :class:`FormatError` with file and line.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            tree = SafeET.parse(fh, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected an XML file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path) from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise FormatError(f"malformed XML ({_reason(exc)})", path, line) from None
    except defusedxml.DefusedXmlException as exc:
        raise FormatError(
            f"refused: {type(exc).__name__} (entity declarations and external references are not allowed)", path
        ) from None
    return tree.getroot()


def _reason(exc: ParseError) -> str:
    msg = str(exc)
    return msg.split(":", 1)[0] if ":" in msg else msg
