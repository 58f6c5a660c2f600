"""The use cases a setter performs, as asyncio code with no widgets."""
