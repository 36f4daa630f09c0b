"""Shared test helpers, imported as `helpers.<module>` from any test folder.

paths: the repo and fixture paths (one place). ui: the real main window and real
mouse gestures (imports Qt). kill_burst: SIGKILL a tagging worker mid-burst.
crash_worker.py runs as a subprocess script.
"""
