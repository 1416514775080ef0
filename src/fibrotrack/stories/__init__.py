"""Recovery stories: a person's own timeline generated from their data (``timeline``), as
plain data (``model``), rendered as Markdown (``markdown``), an HTML page (``html``) and a PDF
(``pdf``) with the same chart of their FIQR over time and its bands (``charts``).

Pure: no I/O beyond reading files shipped with fibrotrack and its libraries.
"""

from fibrotrack.stories.model import Section, Story, StoryChoices, StoryEvent
from fibrotrack.stories.timeline import StoryInputs, StoryNote, tell_story

__all__ = [
    "Section",
    "Story",
    "StoryChoices",
    "StoryEvent",
    "StoryInputs",
    "StoryNote",
    "tell_story",
]
