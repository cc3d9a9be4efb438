"""Checking an indicator set's definition before it is stored.

A definition is a JSON document (data/ilo_ec_2009.json is the first one):
title, profiles, rules and dimensions of indicators, every text in {"en",
"mn", "fr"}. Each problem is reported with where it is.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STRENGTHS = {"strong", "medium", "weak", None}
LANGUAGES = ("en", "mn", "fr")


def _text(value, where: str, errors: list[str], required=("en",)) -> None:
    if not isinstance(value, dict) or any(not value.get(lang) for lang in required):
        errors.append(
            _("%(where)s: a text needs at least %(languages)s")
            % {"where": where, "languages": ", ".join(required)}
        )


def _codes_in(tree) -> set[str]:
    if isinstance(tree, str):
        return {tree}
    branches = tree.get("all_of") or tree.get("any_of") or []
    return set().union(*(_codes_in(t) for t in branches)) if branches else set()


def validate_definition(definition: dict) -> None:
    errors: list[str] = []
    if not isinstance(definition, dict):
        raise ValidationError(_("The definition must be a JSON object."))
    _text(definition.get("title"), "title", errors)
    profiles = definition.get("profiles") or {}
    if not profiles:
        errors.append(_("profiles: none defined"))
    for code, profile in profiles.items():
        _text(profile.get("label"), f"profiles.{code}.label", errors)
    dimension_codes, indicator_codes = set(), set()
    for d_index, dimension in enumerate(definition.get("dimensions") or []):
        where = f"dimensions[{d_index}]"
        code = dimension.get("code")
        if not code or code in dimension_codes:
            errors.append(_("%(where)s: missing or repeated code") % {"where": where})
        dimension_codes.add(code)
        _text(dimension.get("label"), f"{where}.label", errors)
        for i_index, indicator in enumerate(dimension.get("indicators") or []):
            at = f"{where}.indicators[{i_index}]"
            icode = indicator.get("code")
            if not icode or icode in indicator_codes:
                errors.append(_("%(where)s: missing or repeated code") % {"where": at})
            indicator_codes.add(icode)
            _text(indicator.get("label"), f"{at}.label", errors)
            strengths = indicator.get("strength") or {}
            for profile in profiles:
                if strengths.get(profile) not in STRENGTHS:
                    errors.append(
                        _(
                            "%(where)s: strength for %(profile)s must be strong, "
                            "medium, weak or null"
                        )
                        % {"where": at, "profile": profile}
                    )
    if not dimension_codes:
        errors.append(_("dimensions: none defined"))
    rules = definition.get("rules") or {}
    clauses = (rules.get("dimension_positive") or {}).get("any_of") or []
    if not clauses:
        errors.append(_("rules.dimension_positive.any_of: no clause"))
    for clause in clauses:
        for group in clause:
            if not set(group.split("+")) <= {"strong", "medium", "weak"}:
                errors.append(
                    _("rules.dimension_positive: unknown strength %(group)s")
                    % {"group": group}
                )
    for age in ("adult", "child"):
        tree = (rules.get("suggestion") or {}).get(age)
        if tree is None:
            errors.append(_("rules.suggestion.%(age)s: missing") % {"age": age})
        elif unknown := _codes_in(tree) - dimension_codes:
            errors.append(
                _("rules.suggestion.%(age)s: unknown dimensions %(codes)s")
                % {"age": age, "codes": ", ".join(sorted(unknown))}
            )
    if errors:
        raise ValidationError(errors)


ASSESSMENT_LEVELS = ("individual", "household", "community", "structural")


def validate_assessment_definition(definition: dict) -> None:
    """A risk and vulnerability questionnaire: title, and the four levels of
    the IOM model, each with factors (code, label, question, support types)."""
    from safepath.htcds.choices import SupportPlanType

    errors: list[str] = []
    if not isinstance(definition, dict):
        raise ValidationError(_("The definition must be a JSON object."))
    if not definition.get("key"):
        errors.append(_("key: missing"))
    _text(definition.get("title"), "title", errors)
    levels = definition.get("levels") or []
    codes = [level.get("code") for level in levels if isinstance(level, dict)]
    if codes != list(ASSESSMENT_LEVELS):
        errors.append(
            _("levels: must be %(levels)s, in this order")
            % {"levels": ", ".join(ASSESSMENT_LEVELS)}
        )
    factor_codes: set[str] = set()
    for l_index, level in enumerate(levels):
        where = f"levels[{l_index}]"
        if not isinstance(level, dict):
            errors.append(_("%(where)s: must be an object") % {"where": where})
            continue
        _text(level.get("label"), f"{where}.label", errors)
        factors = level.get("factors") or []
        if not factors:
            errors.append(_("%(where)s.factors: none defined") % {"where": where})
        for f_index, factor in enumerate(factors):
            at = f"{where}.factors[{f_index}]"
            code = factor.get("code")
            if not code or code in factor_codes:
                errors.append(_("%(where)s: missing or repeated code") % {"where": at})
            factor_codes.add(code)
            _text(factor.get("label"), f"{at}.label", errors)
            _text(factor.get("question"), f"{at}.question", errors)
            unknown = set(factor.get("support") or []) - set(SupportPlanType.values)
            if unknown:
                errors.append(
                    _("%(where)s.support: unknown support-plan types %(types)s")
                    % {"where": at, "types": ", ".join(sorted(unknown))}
                )
    if errors:
        raise ValidationError(errors)
