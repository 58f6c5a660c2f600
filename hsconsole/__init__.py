"""hsconsole: the HeavySet scheduling console for appointment setters."""

__version__ = "0.1.0"
