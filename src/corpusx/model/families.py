"""The names of the rule families the rule components can switch off (for ablation), and of the user-rules component, without importing spaCy."""

from __future__ import annotations

from collections.abc import Iterable

#: The spaCy component of the user's rules (`model.user_rules`), named here so that `--help` imports no spaCy.
USER_RULES_COMPONENT = "corpusx_user_rules"

#: The rule families of `EntityRules`, each of which `disabled` can switch off (for ablation).
RULE_FAMILIES = (
    "titles",
    "org-before-title",
    "person-before-role",
    "org-after-kind",
    "trim",
    "org-cut",
    "org-list",
    "legal-suffix",
    "agency-tag",
    "never-entity",
)

#: The rule families of `ContextRules`, each of which `disabled` can switch off (for ablation).
CONTEXT_FAMILIES = (
    "work-title",
    "place",
    "product",
    "kind-cue",
    "org-context",
    "team-context",
    "club-phrase",
    "org-name-word",
    "org-after-role",
    "plural-verb",
    "org-after-the",
    "org-number",
    "person-after-role",
    "person-in-list",
    "person-after-nationality",
    "date-modifier",
    "no-money",
)

#: The rule families of `DateSpans`, each of which `disabled` can switch off (for ablation).
DATE_FAMILIES = ("date-time", "date-title", "date-number", "date-cut", "date-extend", "date-found")


def enabled_families(families: tuple[str, ...], disabled: Iterable[str]) -> frozenset[str]:
    """The `families` left on when `disabled` are switched off; a ValueError names a family that is not one."""
    off = set(disabled)
    if unknown := off - set(families):
        raise ValueError(f"unknown rule families {sorted(unknown)}: choose from {', '.join(families)}")
    return frozenset(families) - off
