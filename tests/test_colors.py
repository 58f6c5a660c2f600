"""Colours worked out from the palette: WCAG contrast, and the tint of the worklist's rows that need a call
in light and dark schemes as the platforms give them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from hsconsole.ui.colors import MIN_CONTRAST, attention_colors, blend, contrast_ratio, over, relative_luminance

Role = QPalette.ColorRole

SCHEMES: dict[str, tuple[QColor, QColor, bool]] = {
    # name: (base, text, dark)
    "Fusion light": (QColor("#ffffff"), QColor("#000000"), False),
    "Windows 11 light": (QColor("#fbfbfb"), QColor("#1b1b1b"), False),
    "macOS light": (QColor("#ffffff"), QColor(0, 0, 0, 216), False),
    "Fusion dark": (QColor("#2d2d2d"), QColor("#ffffff"), True),
    "Windows 11 dark": (QColor("#1c1c1c"), QColor("#ffffff"), True),
    "macOS dark": (QColor("#1e1e1e"), QColor(255, 255, 255, 216), True),
    "Adwaita dark": (QColor("#303030"), QColor("#eeeeec"), True),
    "high contrast black": (QColor("#000000"), QColor("#ffffff"), True),
    "high contrast white": (QColor("#ffffff"), QColor("#000000"), False),
}


def palette(base: QColor, text: QColor) -> QPalette:
    made = QPalette()
    made.setColor(Role.Base, base)
    made.setColor(Role.Text, text)
    return made


def test_contrast_ratio_is_wcags() -> None:
    black, white = QColor("#000000"), QColor("#ffffff")
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, black) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    assert contrast_ratio(QColor("#767676"), white) == pytest.approx(4.54, abs=0.01)  # the darkest AA grey
    assert contrast_ratio(QColor("#777777"), white) < MIN_CONTRAST
    assert relative_luminance(QColor("#808080")) == pytest.approx(0.2159, abs=0.0001)
    assert over(QColor(255, 255, 255, 128), black).name() == "#808080"
    assert blend(white, black, 0.25).name() == "#bfbfbf"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_attention_tint_reads_well_and_does_not_glare(scheme: str) -> None:
    base, text, dark = SCHEMES[scheme]
    background, foreground = attention_colors(palette(base, text))
    assert contrast_ratio(over(foreground, background), background) >= MIN_CONTRAST
    assert foreground == text  # the palette's own text colour
    assert background != base  # the row stands out from the others ...
    assert contrast_ratio(background, base) < 2.0  # ... as a tint of the base, never a glaring band
    assert (relative_luminance(background) < 0.2) == dark  # a dark amber in a dark scheme, a light one in a light
    hue = background.hslHue()
    assert 35 <= hue <= 55, hue  # amber


def test_a_palette_of_poor_contrast_gets_black_or_white_text_on_the_tint() -> None:
    base, text = QColor("#808080"), QColor("#909090")
    assert contrast_ratio(text, base) < MIN_CONTRAST
    background, foreground = attention_colors(palette(base, text))
    assert foreground in (QColor("#000000"), QColor("#ffffff"))
    assert contrast_ratio(foreground, background) >= MIN_CONTRAST
