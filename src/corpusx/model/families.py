"""The names of the rule families the rule components can switch off (for ablation), without importing spaCy."""

#: The rule families of `EntityRules`, each of which `disabled` can switch off (for ablation).
RULE_FAMILIES = (
    "titles",
    "org-before-title",
    "person-before-role",
    "org-after-kind",
    "trim",
    "org-cut",
    "legal-suffix",
    "agency-tag",
    "never-entity",
)

#: The rule families of `ContextRules`, each of which `disabled` can switch off (for ablation).
CONTEXT_FAMILIES = (
    "work-title",
    "place",
    "org-context",
    "team-context",
    "org-number",
    "person-after-role",
    "person-in-list",
    "date-modifier",
    "no-money",
)
