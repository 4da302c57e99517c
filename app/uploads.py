"""Reading an uploaded file from a multipart form without trusting the form's shape."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import UploadFile

from app.errors import InputError


async def uploaded_bytes(form: dict[str, Any], field: str = "data") -> bytes:
    """The bytes of the file in ``field`` (or the only file sent); 422 when there is none.

    Litestar's own ``UploadFile`` body type answers a form without a file with a 500, so
    handlers take the whole form and ask here.
    """
    upload = form.get(field)
    if not isinstance(upload, UploadFile):
        upload = next((v for v in form.values() if isinstance(v, UploadFile)), None)
    if upload is None:
        raise InputError(field, f"attach the CSV file as the form field {field!r}")
    return await upload.read()
