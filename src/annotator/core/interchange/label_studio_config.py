"""Label Studio's labelling config for the project's labels, written beside an
export (`NAME.label_config.xml`) so a user can create the Label Studio project
from it, and read back on import for the label set (colours, keys, hints)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from annotator.core.interchange.decoding import InputError, path_text, read_text
from annotator.core.model import Label

SUFFIX = ".label_config.xml"


def config_path(data_file: Path) -> Path:
    """a.label-studio.json -> a.label-studio.label_config.xml"""
    return data_file.with_name(data_file.stem + SUFFIX)


def config_xml(labels: list[Label]) -> str:
    view = ET.Element("View")
    group = ET.SubElement(view, "Labels", name="label", toName="text")
    for l in labels:
        attrs = {"value": l.name, "background": l.colour}
        if l.key:
            attrs["hotkey"] = l.key
        if l.description:
            attrs["hint"] = l.description
        ET.SubElement(group, "Label", attrs)
    ET.SubElement(view, "Text", name="text", value="$text")
    region = ET.SubElement(view, "View", visibleWhen="region-selected")
    for name, title in (("speaker", "Speaker"), ("note", "Note")):
        ET.SubElement(region, "Header", value=title)
        ET.SubElement(region, "TextArea", name=name, toName="text", perRegion="true",
                      editable="true", maxSubmissions="1", rows="1" if name == "speaker"
                      else "3")
    ET.indent(view, "  ")
    return ET.tostring(view, encoding="unicode") + "\n"


def read_config(data_file: Path) -> list[Label]:
    """The labels of the config beside a data file, or [] when there is none."""
    side = config_path(data_file)
    if not side.is_file():
        return []
    text, _ = read_text(side)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise InputError(f"{path_text(side)}: malformed XML ({e})") from e
    out = []
    for i, item in enumerate(root.iter("Label")):
        name = item.get("value")
        if not name:
            continue
        key = item.get("hotkey")
        out.append(Label(name, item.get("background") or "#cccccc",
                         key if key and len(key) == 1 and key.isalpha() else None,
                         item.get("hint") or "", i))
    from annotator.core.interchange import labelset
    return labelset.parse([labelset.label_dict(l) for l in out], path_text(side)) if out \
        else []
