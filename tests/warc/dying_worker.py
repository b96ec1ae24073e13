"""An extraction worker that dies on its first page, as one killed by the OOM killer would."""

import os
from typing import Any


def extract(*args: Any) -> None:
    os._exit(9)
