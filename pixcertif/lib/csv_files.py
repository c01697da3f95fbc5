"""What the `;`-separated CSV imports share: decoding the bytes, and checking the header row.

Each check raises `UploadRefused`; the importers turn it into their own error, like the upload checks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.utils.translation import gettext as _

from pixcertif.lib.uploads import UploadRefused


def decode_utf8(data: bytes, *, message: str) -> str:
    """The text (a BOM dropped), or UploadRefused with ``message`` % {"line": the first line not UTF-8}."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadRefused(message % {"line": line}) from error


def header_names(header: list[str]) -> list[str]:
    """The column names, stripped; refused when the columns are not separated by semicolons."""
    names = [h.strip() for h in header]
    if len(names) == 1 and ("," in names[0] or "\t" in names[0]):
        raise UploadRefused(_("Les colonnes du fichier CSV doivent être séparées par des points-virgules (;)."))
    return names


def header_problems(
    names: list[str], *, required: Iterable[str], known: Collection[str], doubled: Iterable[str] = ()
) -> list[str]:
    """What is wrong with the header row (missing, unknown, doubled columns); empty when it is right.

    ``doubled`` adds columns the importer counts as doubles although their names differ.
    """
    missing = [h for h in required if h not in names]
    unknown = [h for h in names if h and h not in known]
    twice = sorted({h for h in names if h and names.count(h) > 1} | set(doubled))
    problems = []
    if missing:
        problems.append(_("colonne(s) manquante(s) : %(list)s") % {"list": ", ".join(f"« {h} »" for h in missing)})
    if unknown:
        problems.append(_("colonne(s) inconnue(s) : %(list)s") % {"list": ", ".join(f"« {h} »" for h in unknown)})
    if twice:
        problems.append(_("colonne(s) en double : %(list)s") % {"list": ", ".join(f"« {h} »" for h in twice)})
    return problems
