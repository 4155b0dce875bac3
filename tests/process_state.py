"""What a test can ask of a process it started (through /proc)."""
from __future__ import annotations

import time
from pathlib import Path


def ended(pid: int) -> bool:
    """Whether ``pid`` is gone (reaped, or a zombie waiting for its parent), polling a little."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False
