"""Write ``resources/i18n/cities_<lang>.ts``: the zone database's city names in each language of the console.

A zone is shown by its city ("Your time (Mexico City)", "Lead's time (Los Angeles)"), named as the zone
database names it, in English without accents. The console in Spanish says "Ciudad de México" and
"Los Ángeles": the names CLDR gives each zone's city (its exemplar cities), read here through babel.
Each language's names form a catalogue of their own, context ``City``, compiled to ``cities_<lang>.qm`` and
installed beside the console's (``hsconsole.ui.language``). Only the names that differ are written.

Run by ``./dev.sh translations``; ``python packaging/city_names.py`` writes the catalogues alone.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.dates import get_timezone_location

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hsconsole.domain.zones import city_zones, database_city  # noqa: E402  (the checkout's, not an installed one)

I18N = ROOT / "resources" / "i18n"
CONTEXT = "City"


def city_names(language: str) -> dict[str, str]:
    """Each city zone's database name and CLDR's name for it in ``language``, where the two differ."""
    names: dict[str, str] = {}
    for zone in sorted(city_zones()):
        ours = database_city(zone)
        theirs = get_timezone_location(zone, locale=language, return_city=True)
        if theirs and theirs != ours:
            names.setdefault(ours, theirs)  # an old alias of a zone names the same city
    return names


def write_catalogue(language: str, names: dict[str, str], path: Path) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in sorted(names, key=str.casefold):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        ET.SubElement(message, "translation").text = names[source]
    ET.indent(root, space="    ")
    text = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{text}\n', encoding="utf-8")


def main() -> int:
    languages = sorted(p.stem.removeprefix("hsconsole_") for p in I18N.glob("hsconsole_*.ts"))
    for language in languages:
        names = city_names(language)
        write_catalogue(language, names, I18N / f"cities_{language}.ts")
        print(f"cities_{language}.ts: {len(names)} city names")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
