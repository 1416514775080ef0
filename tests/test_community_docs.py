"""docs/community.md and docs/story.md cannot drift from the code: every stored field of a
contribution, every shared factor and every story section is documented, and the README
points to both pages."""

from pathlib import Path

from fibrotrack.analysis.shared_factors import SHARED_FACTOR_KEYS
from fibrotrack.community import CAVEAT, MINIMUM_GROUP_FLOOR
from fibrotrack.storage.models import Base
from fibrotrack.stories import Section

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTION_TABLES = (
    "community_members",
    "community_practice_outcomes",
    "community_factor_effects",
)


def test_every_contribution_field_and_shared_factor_is_documented() -> None:
    text = (ROOT / "docs" / "community.md").read_text(encoding="utf-8")
    for name in CONTRIBUTION_TABLES:
        assert f"`{name}`" in text, name
        for column in Base.metadata.tables[name].columns:
            if column.name != "id":
                assert f"`{column.name}`" in text, f"{name}.{column.name}"
    for key in SHARED_FACTOR_KEYS:
        assert f"`{key}`" in text, key
    assert " ".join(CAVEAT.split()) in " ".join(text.replace("> ", "").split())
    assert f"at least {MINIMUM_GROUP_FLOOR}" in text


def test_every_story_section_is_documented() -> None:
    text = (ROOT / "docs" / "story.md").read_text(encoding="utf-8")
    for section in Section:
        assert f"`{section.value}`" in text
        assert f"### {section.heading}\n" in text


def test_the_readme_points_to_both_pages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/story.md)" in readme and "(docs/community.md)" in readme
