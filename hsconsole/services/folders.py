"""Where the console keeps its per-user runtime files, re-exported for ui/ (the single-instance socket).

Imported by the window's frame: nothing here may load more than the folder rules themselves.
"""

from hsconsole.store.folders import SOCKET_PATH_MAX, runtime_dir

__all__ = ["SOCKET_PATH_MAX", "runtime_dir"]
