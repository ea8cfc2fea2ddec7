"""Names of the cleaning groups shown in the review queue and `check`."""

from __future__ import annotations


def test_every_rule_has_a_title_without_template_values():
    from landdesk.domain import rules
    from landdesk.services.cleaning import RULE_LABELS, rule_label

    for rule in [*rules.RULES, *RULE_LABELS]:
        for lang in ("vi", "en"):
            title = rule_label(rule, lang)
            assert title != rule and "{" not in title and title[0].isupper(), (rule, lang, title)
