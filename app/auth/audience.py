"""Which staff roles may read and manage which survey audience: one rule for every package.

Customer surveys (NPS, CSAT, customer workshops) are for ``cs`` and ``manager``; employee
surveys (eNPS, internal trainings) are for ``hr`` only; ``admin`` may do everything. The
surveys pages and API, every analytics route and page, and report downloads all ask here.
"""

from __future__ import annotations

from app.auth.schemas import Staff

AUDIENCES = ("customer", "employee")
#: Roles that manage, and roles that may read, each audience (admin may do everything).
MANAGE_ROLES = {"customer": frozenset({"cs"}), "employee": frozenset({"hr"})}
READ_ROLES = {"customer": frozenset({"cs", "manager"}), "employee": frozenset({"hr"})}


def effective_audience(kind: str, audience: str) -> str:
    """An eNPS survey is an employee survey whatever its stored audience says."""
    return "employee" if kind == "enps" or audience == "employee" else "customer"


def workshop_audience(kind: str) -> str:
    """Whose feedback a workshop's surveys collect: staff for internal trainings."""
    return "employee" if kind == "internal" else "customer"


def may_read(staff: Staff | None, audience: str) -> bool:
    """``None`` is an internal caller (another package), which may do anything."""
    if staff is None or staff.role == "admin":
        return True
    return staff.role in READ_ROLES.get(audience, frozenset())


def may_manage(staff: Staff | None, audience: str) -> bool:
    if staff is None or staff.role == "admin":
        return True
    return staff.role in MANAGE_ROLES.get(audience, frozenset())


def denial(staff: Staff, audience: str, manage: bool = False) -> str:
    what = "manage" if manage else "see"
    whom = "employee (eNPS)" if audience == "employee" else "customer"
    return f"The role {staff.role} may not {what} {whom} surveys"
