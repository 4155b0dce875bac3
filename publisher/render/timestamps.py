"""The one timestamp written into output files, so that the same input gives the same bytes."""
from __future__ import annotations

import datetime as dt
import os

from ..document import Document


def document_timestamp(document: Document) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org convention), else the issue date, 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.combine(document.issue_date, dt.time(), dt.timezone.utc)
