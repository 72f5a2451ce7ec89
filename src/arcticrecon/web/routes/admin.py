"""Administration (admins only): ``/api/audit/verify``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from arcticrecon.web.deps import AdminDep, policy
from arcticrecon.web.schemas import AuditCheck

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[Depends(policy)])


@router.get("/audit/verify", response_model=AuditCheck)
def audit_verify(view: AdminDep) -> dict[str, Any]:
    """Check the hash-chained audit log (admins only); 200 with ``ok`` true/false."""
    return view.verify_audit()
