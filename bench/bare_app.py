"""The ceiling for ``bench/bench_flow.py``: a bare Litestar hello-world app.

Served by uvicorn with the same options as ``voc serve`` (``app.cli.UVICORN_OPTIONS``)::

    python bench/bare_app.py PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

from litestar import Litestar, get

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@get("/", sync_to_thread=False)
def hello() -> str:
    """Hello, world."""
    return "Hello, world!"


app = Litestar(route_handlers=[hello], debug=False, logging_config=None)


if __name__ == "__main__":
    import uvicorn

    from app.cli import UVICORN_OPTIONS

    uvicorn.run(
        app, host="127.0.0.1", port=int(sys.argv[1]), proxy_headers=False, **UVICORN_OPTIONS
    )  # type: ignore[arg-type]
