"""Process memory settings for the long-running commands (``run``, ``sandbox``).

glibc raises its mmap threshold each time a large block is freed, so after the engine's index
build (large numpy temporaries) the freed heap stays resident: about 40 MB on the real content.
A fixed 1 MiB threshold (what ``MALLOC_MMAP_THRESHOLD_=1048576`` sets) returns such blocks to the
system. Set here as well, so ``python -m bot run`` started by hand gets it too. After a build,
``release_free_memory`` hands back the free pages left between the blocks still in use.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
MMAP_THRESHOLD_BYTES = 1 << 20


def fix_malloc_threshold() -> bool:
    """True when glibc accepted the fixed threshold; False elsewhere (musl, macOS): no harm."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def release_free_memory() -> bool:
    """Return free heap pages to the system (glibc's ``malloc_trim(0)``); False elsewhere."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return False
    return bool(trim(0))
