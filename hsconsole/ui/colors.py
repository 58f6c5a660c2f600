"""Colours worked out from the palette in use, so that they read as well in a dark scheme as in a light one.

Qt follows the system's light or dark scheme by itself (its platform theme gives the palette; the console
never sets one), and tells every widget when the palette changes (``QEvent.PaletteChange``). A colour
kept anywhere is worked out again then: see :func:`attention_colors`.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

MIN_CONTRAST = 4.5
"""WCAG 2's AA level for text: the contrast ratio between a text colour and its background."""
AMBER = QColor(255, 193, 7)
"""The hue of the rows that need a call."""
ATTENTION_SHARE = 0.2
"""How much of :data:`AMBER` is mixed into the palette's base colour for those rows (lessened, if need be,
until the palette's text reads on it at :data:`MIN_CONTRAST`)."""


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor) -> float:
    """WCAG 2's relative luminance: 0 for black, 1 for white."""
    return 0.2126 * _linear(color.red()) + 0.7152 * _linear(color.green()) + 0.0722 * _linear(color.blue())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(color: QColor, background: QColor) -> QColor:
    """``color`` as it shows drawn on ``background`` (a text colour may be partly transparent, as on macOS)."""
    return blend(background, color, color.alphaF())


def blend(base: QColor, tint: QColor, share: float) -> QColor:
    """``base`` with ``share`` (0 to 1) of ``tint`` mixed in, opaque."""
    keep = 1.0 - share
    return QColor(
        round(base.red() * keep + tint.red() * share),
        round(base.green() * keep + tint.green() * share),
        round(base.blue() * keep + tint.blue() * share),
    )


def attention_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """The background and text colours of a row that needs a call, under ``palette``.

    The background is the palette's base colour tinted amber (a light amber in a light scheme, a dark one in
    a dark scheme); the text is the palette's own. The tint is lessened until the text reads on it at
    :data:`MIN_CONTRAST`; should even the untinted base not reach it (a palette of poor contrast), the text
    is black or white, whichever reads better on the tint.
    """
    base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
    steps = 6
    for step in range(steps, -1, -1):
        background = blend(base, AMBER, ATTENTION_SHARE * step / steps)
        if contrast_ratio(over(text, background), background) >= MIN_CONTRAST:
            return background, QColor(text)
    background = blend(base, AMBER, ATTENTION_SHARE)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return background, max(black, white, key=lambda candidate: contrast_ratio(candidate, background))
