"""One module per interchange format; each registers itself with `registry`.

The registry imports every module here, so a new format is one new module (and
its tests): nothing else lists the formats.
"""
