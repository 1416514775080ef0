"""What the error box at the top of a page (base.html) says: the field named by the label the
person sees on the page ("Test", not "analyte"), and what they typed cut to a readable length."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ECHO_LIMIT = 80
CONTROLS = ("input", "select", "textarea", "fieldset")
CHOICES = ("radio", "checkbox")
# A value the message repeats in quotes, as Python's repr writes it, or any long unbroken run.
_QUOTED = re.compile(
    r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\S{""" + str(ECHO_LIMIT + 1) + ",})"
)


def shortened(message: str) -> str:
    """``message`` with every quoted value and unbroken run longer than ``ECHO_LIMIT``
    characters cut to that many and "…"."""

    def cut(match: re.Match[str]) -> str:
        whole = match.group(0)
        inner = next(group for group in match.groups() if group is not None)
        if len(inner) <= ECHO_LIMIT:
            return whole
        quote = whole[0] if match.group(3) is None else ""
        return f"{quote}{inner[:ECHO_LIMIT]}…{quote}"

    return _QUOTED.sub(cut, message)


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join("".join(self.parts).split())


@dataclass
class _Control:
    attrs: dict[str, str]
    legend: _Text | None  # its own legend (a fieldset) or that of the fieldset it is in
    wrapping_label: _Text | None


class _Labels(HTMLParser):
    """The page's form controls and the visible text of their labels and legends, leaving out
    hints (``class="hint"``)."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[_Control] = []
        self.labels: dict[str, _Text] = {}
        self._label: _Text | None = None
        self._legends: list[_Text] = []
        self._in_legend = False
        self._hint_tag = ""  # a hint's tag, and how many of that tag are open in it
        self._hint_depth = 0

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if self._hint_depth and tag == self._hint_tag:
            self._hint_depth += 1
        elif not self._hint_depth and "hint" in attrs.get("class", "").split():
            self._hint_tag, self._hint_depth = tag, 1
        if tag == "label":
            self._label = _Text()
            if attrs.get("for"):
                self.labels[attrs["for"]] = self._label
        elif tag == "fieldset":
            self._legends.append(_Text())
        elif tag == "legend":
            self._in_legend = True
        if tag in CONTROLS:
            legend = self._legends[-1] if self._legends else None
            self.controls.append(_Control(attrs, legend, self._label))

    def handle_endtag(self, tag: str) -> None:
        if self._hint_depth and tag == self._hint_tag:
            self._hint_depth -= 1
        if tag == "label":
            self._label = None
        elif tag == "legend":
            self._in_legend = False
        elif tag == "fieldset" and self._legends:
            self._legends.pop()

    def handle_data(self, data: str) -> None:
        if self._hint_depth:
            return
        if self._label is not None:
            self._label.parts.append(data)
        if self._in_legend and self._legends:
            self._legends[-1].parts.append(data)

    def label_of(self, control: _Control) -> str:
        own = self.labels.get(control.attrs.get("id", "")) or control.wrapping_label
        if control.attrs.get("type") in CHOICES or own is None:
            return str(control.legend or own or "")
        return str(own)


def field_label(page: str, field: str) -> str:
    """The visible label, on the rendered ``page``, of the field an error names: the control
    the page marks ``aria-invalid``, else the one named ``field`` (its last part:
    "values.pain" is "pain"), else its id; the field's own name when the page has none."""
    labels = _Labels()
    labels.feed(page)
    name = field.rsplit(".", 1)[-1]
    for wanted in (
        lambda control: control.attrs.get("aria-invalid") == "true",
        lambda control: control.attrs.get("name") == name,
        lambda control: control.attrs.get("id") == name,
    ):
        for control in labels.controls:
            if wanted(control) and (label := labels.label_of(control)):
                return label
    return field.replace("_", " ")
