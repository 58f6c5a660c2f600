"""Where the HeavySet APIs live."""

from __future__ import annotations

from dataclasses import dataclass

from hsconsole.domain.endpoints import DEFAULT_ORIGIN, REGIONAL_ORIGINS, S2S_PATH, ZAPIER_PATH

__all__ = ["DEFAULT_ORIGIN", "REGIONAL_ORIGINS", "S2S_PATH", "ZAPIER_PATH", "Endpoints"]


@dataclass(frozen=True)
class Endpoints:
    """The API origin, and the optional low-latency regional query endpoint."""

    origin: str = DEFAULT_ORIGIN
    regional_origin: str | None = None
    crm_settings_id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", self.origin.rstrip("/"))
        if self.regional_origin:
            object.__setattr__(self, "regional_origin", self.regional_origin.rstrip("/"))

    @property
    def s2s_base(self) -> str:
        return self.origin + S2S_PATH

    @property
    def zapier_base(self) -> str:
        return self.origin + ZAPIER_PATH

    @property
    def regional_query_url(self) -> str | None:
        if not (self.regional_origin and self.crm_settings_id):
            return None
        return f"{self.regional_origin}{S2S_PATH}/phone/query/{self.crm_settings_id}"
