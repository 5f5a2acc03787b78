"""What ends a line in text, as ``str.splitlines`` reads it (a Windows "\r\n" is one break):
the cleaner, the furniture learner, the outlet and the date finders split text alike."""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
