"""Where HeavySet's APIs live (seed 000 and 001)."""

DEFAULT_ORIGIN = "https://api.heavyset.tech"
S2S_PATH = "/api/v1/appointment/s2s"
ZAPIER_PATH = "/api/v1/zaps"
REGIONAL_ORIGINS = {
    "oregon": "https://api-oregon-s2s.heavyset.tech",
    "virginia": "https://api-virginia-s2s.heavyset.tech",
}
