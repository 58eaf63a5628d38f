"""Text as XML, for the exporters that write XML by hand (Moodle XML, QTI): escaped, never markup.

Characters XML 1.0 cannot hold become U+FFFD, since the importers could not read the file otherwise.
"""

from __future__ import annotations

import re

#: Characters XML 1.0 cannot hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as XML character data: markup characters escaped, characters XML cannot hold replaced."""
    if NOT_XML.search(text):
        text = NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """``text`` as a double-quoted attribute value (line breaks kept as character references)."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
