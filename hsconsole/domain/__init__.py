"""Pure rules of the trade: phone numbers, slot times and lead diffs.

Nothing here imports Qt, httpx or another hsconsole layer.
"""
