"""Is the message a sum to work out ("2+10*20 сколько будет", "15 × 4 = ?")? Homework is out of
scope, and its numbers must not match an entry that names the same numbers ("2-10-20", the
mortgage programme). Read on the raw text: folding drops the operators.

Only operators that never join numbers in a rights question count: "+", "*", "×", "÷", "^" and
"=". A hyphen ("2-10-20"), a slash ("24/7", "50/50") or a colon (a time) do not.
"""

from __future__ import annotations

import re

_SUM = re.compile(r"\d\s*[+*×÷^=]\s*[(\-−]?\s*\d")


def is_arithmetic(text: str) -> bool:
    return _SUM.search(text) is not None
