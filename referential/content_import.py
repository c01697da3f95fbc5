"""Read and check a content-bank file (docs/banque-de-contenu.md) before anything is written.

Every error names its item (« Épreuve recX : … ») and all of them are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from referential.framework import MAX_LEVEL
from referential.models import TEXT_ANSWER_TYPES, ChallengeStatus, ChallengeType

CHALLENGE_FLAGS = ("is_focus", "has_image", "has_embed", "has_attachment")


@dataclass(frozen=True)
class ChallengeRow:
    external_id: str
    type: str
    instruction: str
    proposals: list[str]
    solution: Any
    timer_seconds: int | None
    is_focus: bool = False
    has_image: bool = False
    has_embed: bool = False
    has_attachment: bool = False
    status: str = ChallengeStatus.VALIDATED


# « status » as the file may write it: ours, or Pix's own French words.
STATUS_VALUES = {
    "validated": ChallengeStatus.VALIDATED,
    "valide": ChallengeStatus.VALIDATED,
    "validé": ChallengeStatus.VALIDATED,
    "archived": ChallengeStatus.ARCHIVED,
    "archive": ChallengeStatus.ARCHIVED,
    "archivé": ChallengeStatus.ARCHIVED,
    "obsolete": ChallengeStatus.OBSOLETE,
    "perime": ChallengeStatus.OBSOLETE,
    "périmé": ChallengeStatus.OBSOLETE,
}


@dataclass(frozen=True)
class SkillRow:
    name: str
    level: int
    challenges: list[ChallengeRow] = field(default_factory=list)


@dataclass(frozen=True)
class TubeRow:
    name: str
    competence: str
    skills: list[SkillRow] = field(default_factory=list)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _check_solution(kind: str, proposals: list[str], solution: object) -> str | None:
    """The error in a solution, or None."""
    if kind in TEXT_ANSWER_TYPES:
        if (
            not isinstance(solution, list)
            or not solution
            or not all(isinstance(a, str) and a.strip() for a in solution)
        ):
            return _("la solution d'une %(type)s est une liste non vide de réponses acceptées") % {"type": kind}
        return None
    if len(proposals) < 2:
        return _("il faut au moins deux propositions")
    if kind == ChallengeType.QCU:
        if not _is_int(solution) or not 0 <= solution < len(proposals):  # type: ignore[operator]
            return _("la solution %(solution)s ne désigne aucune des %(n)s propositions (indices 0 à %(last)s)") % {
                "solution": solution,
                "n": len(proposals),
                "last": len(proposals) - 1,
            }
        return None
    if not isinstance(solution, list) or not solution or not all(_is_int(i) for i in solution):
        return _("la solution d'une QCM est une liste non vide d'indices")
    if sorted(set(solution)) != solution:
        return _("la solution d'une QCM est une liste d'indices croissants, sans doublon")
    if not all(0 <= i < len(proposals) for i in solution):
        return _("la solution %(solution)s désigne une proposition absente (indices 0 à %(last)s)") % {
            "solution": solution,
            "last": len(proposals) - 1,
        }
    return None


def _challenge(item: object, where: str, errors: list[str]) -> ChallengeRow | None:
    if not isinstance(item, dict):
        errors.append(_("%(where)s : une épreuve doit être un objet.") % {"where": where})
        return None
    external_id = _text(item, "id")
    if external_id is None:
        errors.append(_("%(where)s : une épreuve n'a pas d'identifiant « id ».") % {"where": where})
        return None
    name = _("Épreuve %(id)s") % {"id": external_id}
    found: list[str] = []
    kind = item.get("type")
    if kind not in ChallengeType.values:
        found.append(_("le type « %(type)s » n'est pas QCU, QCM, QROC ni QROCM-dep") % {"type": kind})
    instruction = _text(item, "instruction")
    if instruction is None:
        found.append(_("la consigne est vide"))
    proposals = item.get("proposals", [])
    if not isinstance(proposals, list) or not all(isinstance(p, str) and p.strip() for p in proposals):
        found.append(_("les propositions doivent être une liste de textes non vides"))
        proposals = []
    if kind in TEXT_ANSWER_TYPES and proposals:
        found.append(_("une %(type)s n'a pas de propositions") % {"type": kind})
    status = STATUS_VALUES.get(str(item.get("status", "validated")).strip().lower())
    if status is None:
        found.append(
            _("le statut « %(status)s » n'est pas validated, archived ni obsolete") % {"status": item.get("status")}
        )
    timer = item.get("timer_seconds")
    if timer is not None and (not _is_int(timer) or timer < 1):
        found.append(_("le temps imparti doit être un nombre entier de secondes positif"))
    for flag in CHALLENGE_FLAGS:
        if not isinstance(item.get(flag, False), bool):
            found.append(_("« %(flag)s » doit valoir true ou false") % {"flag": flag})
    if kind in ChallengeType.values and proposals is not None and not found:
        problem = _check_solution(kind, proposals, item.get("solution"))
        if problem:
            found.append(problem)
    unknown = sorted(
        set(item) - {"id", "type", "status", "instruction", "proposals", "solution", "timer_seconds", *CHALLENGE_FLAGS}
    )
    if unknown:
        found.append(_("champs inconnus : %(keys)s") % {"keys": ", ".join(unknown)})
    if found:
        errors.append(f"{name} ({where}) : {' ; '.join(found)}.")
        return None
    return ChallengeRow(
        external_id=external_id,
        type=str(kind),
        instruction=str(instruction),
        proposals=[p.strip() for p in proposals],
        solution=item["solution"],
        timer_seconds=timer,
        status=status or ChallengeStatus.VALIDATED,
        **{flag: bool(item.get(flag, False)) for flag in CHALLENGE_FLAGS},
    )


def _skill(item: object, tube: str, errors: list[str]) -> SkillRow | None:
    if not isinstance(item, dict) or _text(item, "name") is None:
        errors.append(_("Sujet %(tube)s : un acquis n'a pas de nom « name ».") % {"tube": tube})
        return None
    name = str(_text(item, "name"))
    level = item.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= MAX_LEVEL:
        errors.append(
            _("Acquis %(name)s : le niveau doit être un entier de 1 à %(max)s.") % {"name": name, "max": MAX_LEVEL}
        )
        return None
    challenges = item.get("challenges", [])
    if not isinstance(challenges, list):
        errors.append(_("Acquis %(name)s : « challenges » doit être une liste.") % {"name": name})
        return None
    rows = [_challenge(c, _("acquis %(name)s") % {"name": name}, errors) for c in challenges]
    return SkillRow(name=name, level=level, challenges=[r for r in rows if r is not None])


def parse_content_bank(data: object, competence_codes: set[str]) -> tuple[list[TubeRow], list[str]]:
    """The tubes of the file and every error found; write nothing when the list of errors is not empty."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("tubes"), list):
        return [], [_("Le fichier doit être un objet JSON avec une liste « tubes ».")]
    tubes: list[TubeRow] = []
    for position, item in enumerate(data["tubes"], start=1):
        if not isinstance(item, dict) or _text(item, "name") is None:
            errors.append(_("Sujet n° %(n)s : il n'a pas de nom « name ».") % {"n": position})
            continue
        name = str(_text(item, "name"))
        competence = item.get("competence")
        if competence not in competence_codes:
            errors.append(
                _("Sujet %(name)s : la compétence « %(code)s » n'existe pas.") % {"name": name, "code": competence}
            )
            continue
        skills = item.get("skills", [])
        if not isinstance(skills, list):
            errors.append(_("Sujet %(name)s : « skills » doit être une liste.") % {"name": name})
            continue
        rows = [_skill(s, name, errors) for s in skills]
        tubes.append(TubeRow(name=name, competence=str(competence), skills=[r for r in rows if r is not None]))
    errors.extend(_duplicates(tubes))
    return tubes, errors


def _duplicates(tubes: list[TubeRow]) -> list[str]:
    errors: list[str] = []
    seen_tubes: set[str] = set()
    seen_skills: set[str] = set()
    seen_challenges: set[str] = set()
    for tube in tubes:
        if tube.name in seen_tubes:
            errors.append(_("Sujet %(name)s : il figure deux fois dans le fichier.") % {"name": tube.name})
        seen_tubes.add(tube.name)
        levels: set[int] = set()
        for skill in tube.skills:
            if skill.name in seen_skills:
                errors.append(_("Acquis %(name)s : il figure deux fois dans le fichier.") % {"name": skill.name})
            if skill.level in levels:
                errors.append(
                    _("Acquis %(name)s : le sujet %(tube)s a déjà un acquis de niveau %(level)s.")
                    % {"name": skill.name, "tube": tube.name, "level": skill.level}
                )
            seen_skills.add(skill.name)
            levels.add(skill.level)
            for challenge in skill.challenges:
                if challenge.external_id in seen_challenges:
                    errors.append(
                        _("Épreuve %(id)s : elle figure deux fois dans le fichier.") % {"id": challenge.external_id}
                    )
                seen_challenges.add(challenge.external_id)
    return errors
